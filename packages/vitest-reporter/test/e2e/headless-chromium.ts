import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where scripts/ensure-chromium.sh puts Chromium. */
export const CHROMIUM = '/usr/bin/chromium'

type Json = Record<string, unknown>

/** Polls `check` until it returns a value (not undefined), or throws after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`headless chromium: ${what} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** One page of a headless Chromium, driven over the DevTools protocol (Node's own WebSocket, no library). */
export interface BrowserPage {
  /** Evaluates an expression in the page and returns its JSON value (awaits promises). */
  evaluate<T>(expression: string): Promise<T>
  /** Clicks the centre of the first element matching `selector`, as a mouse would. */
  click(selector: string): Promise<void>
  /** Focuses the element and types `text` into it (fires `input` events). */
  type(selector: string, text: string): Promise<void>
  /** Chooses an option of a `<select>` and fires `input`, as a person picking it does. */
  select(selector: string, value: string): Promise<void>
  /** `prefers-color-scheme` as the page sees it. */
  colorScheme(scheme: 'light' | 'dark'): Promise<void>
  /** Saves a PNG of the whole page to `path`. */
  screenshot(path: string): Promise<void>
  close(): Promise<void>
}

/**
 * Opens `url` in a headless Chromium with a 1280×900 viewport and waits until the page has loaded. The test
 * drives it like a person (mouse clicks, typing) and reads the DOM back.
 */
export async function openPage(url: string): Promise<BrowserPage> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (installs Debian's chromium).`)
  const profile = mkdtempSync(join(tmpdir(), 'dbsafe-chromium-'))
  chmodSync(profile, 0o755)
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--hide-scrollbars',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: 'ignore' },
  )
  const portFile = join(profile, 'DevToolsActivePort')
  const [port, path] = await until('no DevToolsActivePort', 30_000, () =>
    existsSync(portFile) && readFileSync(portFile, 'utf8').includes('\n')
      ? readFileSync(portFile, 'utf8').split('\n')
      : undefined,
  )
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`)
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true })
    socket.addEventListener('error', reject, { once: true })
  })
  let nextId = 0
  const pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>()
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number
      result?: Json
      error?: { message: string }
    }
    const waiter = message.id === undefined ? undefined : pending.get(message.id)
    if (!waiter) return
    pending.delete(message.id as number)
    if (message.error) waiter.reject(new Error(`DevTools: ${message.error.message}`))
    else waiter.resolve(message.result ?? {})
  })
  const send = (method: string, params: Json = {}, sessionId?: string): Promise<Json> =>
    new Promise((resolve, reject) => {
      const id = ++nextId
      pending.set(id, { resolve, reject })
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }))
    })

  const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string }
  const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
    sessionId: string
  }
  const page = (method: string, params: Json = {}): Promise<Json> => send(method, params, sessionId)
  await page('Emulation.setDeviceMetricsOverride', {
    width: 1280,
    height: 900,
    deviceScaleFactor: 1,
    mobile: false,
  })
  await page('Page.navigate', { url })

  const evaluate = async <T>(expression: string): Promise<T> => {
    const result = (await page('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    })) as {
      result: { value: T }
      exceptionDetails?: { text: string; exception?: { description?: string } }
    }
    if (result.exceptionDetails)
      throw new Error(
        `in the page: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`,
      )
    return result.result.value
  }
  const loaded = async (): Promise<void> => {
    const deadline = Date.now() + 30_000
    while (
      (await evaluate<string>('document.readyState')) !== 'complete' ||
      (await evaluate<string>('location.href')) !== url
    ) {
      if (Date.now() > deadline) throw new Error(`headless chromium: ${url} did not load within 30 s`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  await loaded()

  const centre = async (selector: string): Promise<{ x: number; y: number }> => {
    const box = await evaluate<{ x: number; y: number } | null>(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return null; el.scrollIntoView({ block: 'center' }); const r = el.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 } })()`,
    )
    if (!box) throw new Error(`no element matches ${selector}`)
    return box
  }
  const click = async (selector: string): Promise<void> => {
    const { x, y } = await centre(selector)
    for (const type of ['mousePressed', 'mouseReleased'])
      await page('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 })
  }
  return {
    evaluate,
    click,
    async type(selector, text) {
      await click(selector)
      await page('Input.insertText', { text })
    },
    async select(selector, value) {
      await evaluate(
        `(() => { const el = document.querySelector(${JSON.stringify(selector)}); el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event('input', { bubbles: true })) })()`,
      )
    },
    async colorScheme(scheme) {
      await page('Emulation.setEmulatedMedia', {
        features: [{ name: 'prefers-color-scheme', value: scheme }],
      })
    },
    async screenshot(file) {
      const { cssContentSize } = (await page('Page.getLayoutMetrics')) as {
        cssContentSize: { width: number; height: number }
      }
      const clip = { x: 0, y: 0, width: 1280, height: Math.ceil(cssContentSize.height), scale: 1 }
      const { data } = (await page('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
        clip,
      })) as { data: string }
      writeFileSync(file, Buffer.from(data, 'base64'))
    },
    async close() {
      socket.close()
      child.kill()
      await until('did not exit', 10_000, () =>
        child.exitCode !== null || child.signalCode !== null ? true : undefined,
      )
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
