// The scripted tour shown by `./build.sh demo` when there is no display.
import path from 'node:path';

export async function tour(page, out) {
  const shots = [];
  const shot = async (name) => {
    const file = path.join(out, `${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  const launcher = page.getByRole('button', { name: 'Access Kit', exact: true });
  await launcher.waitFor();
  await shot('01-launcher');
  await launcher.click();
  await page.getByRole('dialog', { name: 'Access Kit' }).waitFor();
  await shot('02-panel');
  return shots;
}
