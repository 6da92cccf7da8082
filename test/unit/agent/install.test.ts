import { describe, expect, it } from 'vitest';
import { serviceDefinition, systemdQuote } from '../../../electron/agent/install';

const inputs = { execPath: '/usr/bin/node', script: '/opt/latchkey/bin/latchkey.cjs', dataDir: '/home/dana/.config/latchkey', home: '/home/dana' };

describe('latchkey agent install', () => {
  it('writes a systemd user unit that runs `latchkey agent --keep-running`', () => {
    const unit = serviceDefinition({ ...inputs, platform: 'linux', env: {} })!;
    expect(unit.path).toBe('/home/dana/.config/systemd/user/latchkey-agent.service');
    expect(unit.text).toBe([
      '[Unit]',
      'Description=Latchkey agent: ends exports on time, keeps sessions and values warm for the latchkey command',
      '',
      '[Service]',
      'Type=simple',
      'ExecStart=/usr/bin/node /opt/latchkey/bin/latchkey.cjs agent --keep-running',
      'Restart=on-failure',
      'RestartSec=5',
      '',
      '[Install]',
      'WantedBy=default.target',
      '',
    ].join('\n'));
    expect(unit.enable).toBe('systemctl --user daemon-reload && systemctl --user enable --now latchkey-agent.service');
  });

  it('carries LATCHKEY_HOME and XDG_CONFIG_HOME, and quotes what systemd would split or expand', () => {
    const unit = serviceDefinition({ ...inputs, script: '/opt/My Apps/100%/latchkey.cjs', dataDir: '/srv/lk $HOME', platform: 'linux', env: { LATCHKEY_HOME: '/srv/lk $HOME', XDG_CONFIG_HOME: '/cfg' } })!;
    expect(unit.path).toBe('/cfg/systemd/user/latchkey-agent.service');
    expect(unit.text).toContain('ExecStart=/usr/bin/node "/opt/My Apps/100%%/latchkey.cjs" agent --keep-running\n');
    expect(unit.text).toContain('Environment="LATCHKEY_HOME=/srv/lk $$HOME"\n');
    expect(systemdQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('writes a LaunchAgent on macOS that logs to the data dir', () => {
    const plist = serviceDefinition({ ...inputs, home: '/Users/dana', dataDir: '/Users/dana/Library/Application Support/Latchkey', platform: 'darwin', env: {} })!;
    expect(plist.path).toBe('/Users/dana/Library/LaunchAgents/dev.latchkey.agent.plist');
    expect(plist.text).toContain('<key>Label</key><string>dev.latchkey.agent</string>');
    expect(plist.text).toContain(['    <string>/usr/bin/node</string>', '    <string>/opt/latchkey/bin/latchkey.cjs</string>', '    <string>agent</string>', '    <string>--keep-running</string>'].join('\n'));
    expect(plist.text).toContain('<key>StandardErrorPath</key><string>/Users/dana/Library/Application Support/Latchkey/agent.log</string>');
    expect(plist.text).toContain('<key>RunAtLoad</key><true/>');
    expect(plist.text).not.toContain('LATCHKEY_HOME');
    expect(plist.enable).toBe('launchctl load -w /Users/dana/Library/LaunchAgents/dev.latchkey.agent.plist');
  });

  it('offers nothing on Windows yet', () => {
    expect(serviceDefinition({ ...inputs, platform: 'win32', env: {} })).toBeNull();
  });
});
