import type { Locator, Page } from '@playwright/test';

/** The card of one backend (welcome flow, checklist, Settings). */
export const backendCard = (page: Page, name: string): Locator => page.getByRole('article', { name: `Backend ${name}` });

/** Step 1 in a browser: "Choose file…" opens the file chooser, the person picks the file (two actions). */
export async function chooseProfileFile(page: Page, name: string, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('Choose file…').click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/** Step 1 by drag and drop: the file is dropped on the drop zone (one gesture). */
export async function dropProfileFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: 'application/json' }));
      return transfer;
    },
    [name, text] as const,
  );
  const zone = page.locator('.drop-zone').first();
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}
