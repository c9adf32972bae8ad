// Takes the screenshots in docs/ (docs/playground.md, the README) with the same Chromium the
// tests use:   web/build.sh && node web/test/screenshots.mjs

import { join } from "node:path";
import { launch } from "./browser.mjs";
import { ROOT, WEB } from "./engine.mjs";
import { serve } from "./server.mjs";

const id = (name) => `[data-testid="${name}"]`;
const server = await serve(join(WEB, "dist"));
const browser = await launch();
const page = await browser.context.newPage();
await page.setViewportSize({ width: 1280, height: 900 });
const shot = async (name, locator) => {
  await page.waitForFunction(() => window.__playground.idle);
  const path = join(ROOT, "docs", `playground-${name}.png`);
  await (locator ?? page).screenshot({ path });
  console.log(path);
};
try {
  await page.goto(server.url);
  await page.waitForFunction(() => window.__playground?.ready);
  await page.selectOption(id("examples"), { label: "echo: strings and cabi_realloc" });
  await page.locator(id("memory")).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("main");

  await page.selectOption(id("examples"), { label: "many-params: spilled to memory" });
  await page.waitForFunction(() => window.__playground.idle);
  // Hovered after scrolling, so that the highlight is in the picture.
  const block = page.locator(`${id("memory")} section.block`).first();
  await block.scrollIntoViewIfNeeded();
  await page.locator(`${id("memory")} [data-addr="65560"]`).hover();
  const box = await block.boundingBox();
  await page.screenshot({ path: join(ROOT, "docs", "playground-memory.png"), clip: box });

  await page.selectOption(id("examples"), { label: "shapes: a result in memory" });
  await page.waitForFunction(() => window.__playground.idle);
  await shot("lifting", page.locator(id("lifting")));

  await page.fill(id("call"), 'scale(rect({width: 1.0, height: "2"}), 0.5)');
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => window.__playground.idle);
  await page.evaluate(() => window.scrollTo(0, 0));
  const top = await page.locator('label[for="call"]').boundingBox();
  const bottom = await page.locator(id("result")).boundingBox();
  const clip = { x: 0, y: top.y - 8, width: bottom.x + bottom.width + 16, height: bottom.y + bottom.height + 16 - top.y };
  await page.screenshot({ path: join(ROOT, "docs", "playground-error.png"), clip });
} finally {
  await browser.close();
  await server.close();
}
