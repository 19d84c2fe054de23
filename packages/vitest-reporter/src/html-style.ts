/**
 * The report's stylesheet: system fonts, colours as variables with a dark palette under
 * `prefers-color-scheme: dark`, and status colours that keep their meaning in both.
 */
export const REPORT_STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#111827;--dim:#6b7280;--line:#e5e7eb;--panel:#f9fafb;--accent:#2563eb;
--ok:#15803d;--ok-bg:#dcfce7;--bad:#b91c1c;--bad-bg:#fee2e2;--warn:#a16207;--warn-bg:#fef9c3;--code:#f3f4f6}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#e5e7eb;--dim:#9ca3af;--line:#2a2f3a;--panel:#171a21;--accent:#60a5fa;
--ok:#4ade80;--ok-bg:#052e16;--bad:#f87171;--bad-bg:#3b0d0d;--warn:#facc15;--warn-bg:#3a2e05;--code:#1f232b}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:24px;color:var(--fg);background:var(--bg);max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:32px 0 8px}h3{font-size:14px;margin:0 0 4px}
a{color:var(--accent)}code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:var(--code);padding:8px 10px;border-radius:6px;overflow:auto;white-space:pre-wrap;margin:4px 0}
.dim{color:var(--dim)}
.verdict{padding:14px 18px;border-radius:8px;border-left:6px solid var(--dim);background:var(--panel)}
.verdict[data-status=passed]{border-color:var(--ok);background:var(--ok-bg)}
.verdict[data-status=failed]{border-color:var(--bad);background:var(--bad-bg)}
.verdict[data-status=interrupted]{border-color:var(--warn);background:var(--warn-bg)}
nav{margin:12px 0;display:flex;gap:14px;flex-wrap:wrap;font-size:13px}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;font-size:13px;vertical-align:top}
th{font-weight:600;white-space:nowrap}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
tbody tr:hover{background:var(--panel)}
.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:8px 0}
.filters input,.filters select{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:4px 8px}
.filters input{min-width:260px}
.status{font-weight:600;white-space:nowrap}.status[data-status=passed]{color:var(--ok)}
.status[data-status=failed]{color:var(--bad)}.status[data-status=skipped]{color:var(--dim)}
.failures{list-style:none;padding:0;margin:0}
.failures li{border:1px solid var(--line);border-left:4px solid var(--bad);border-radius:6px;padding:10px 12px;margin:8px 0;background:var(--panel)}
.failures .error{color:var(--bad)}.failures .stack{color:var(--dim)}
.ok{color:var(--ok);font-weight:600}
.spark{vertical-align:middle;overflow:visible}.spark .series{fill:none;stroke:var(--accent);stroke-width:1.5}
.spark .pt{fill:var(--accent)}.spark .pt.last{fill:var(--fg)}.spark-value{margin-left:6px;white-space:nowrap}
.strip{display:inline-flex;gap:2px}.strip i{font-style:normal;display:inline-block;width:16px;height:18px;line-height:18px;
text-align:center;font-size:11px;border-radius:3px;background:var(--code);color:var(--dim)}
.strip i[data-state=passed]{background:var(--ok-bg);color:var(--ok)}.strip i[data-state=failed]{background:var(--bad-bg);color:var(--bad)}
.strip i[data-state=retried]{background:var(--warn-bg);color:var(--warn)}
.tag{display:inline-block;padding:0 6px;border-radius:10px;font-size:11px;background:var(--code)}
.tag.new{background:var(--bad-bg);color:var(--bad)}
.up{color:var(--bad)}.down{color:var(--ok)}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
figure svg{max-width:100%;height:auto}figure svg text{fill:var(--fg)}.grid{stroke:var(--line)}
.legend{display:flex;flex-wrap:wrap;gap:10px;font-size:12px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px}
`
