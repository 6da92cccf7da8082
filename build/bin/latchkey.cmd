@echo off
rem The `latchkey` command of an installed Latchkey: runs the CLI packed inside the app (Latchkey.exe --cli).
rem It lives in <resources>\bin; the app is two folders up.
"%~dp0..\..\Latchkey.exe" --cli %*
