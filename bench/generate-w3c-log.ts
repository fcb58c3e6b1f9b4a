// Writes a realistic IIS W3C log (all 22 fields, directive blocks, a handful of servers and
// sites, thousands of clients) with a seeded PRNG, so every run measures the same bytes.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { prng } from "../tests/support/prng";

const FIELDS =
  "date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken";

const AGENTS = [
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36",
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0",
  "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.4+Safari/605.1.15",
  "Mozilla/5.0+(compatible;+Googlebot/2.1;++http://www.google.com/bot.html)",
  "curl/8.4.0",
  "python-requests/2.31.0",
];
const STEMS = [
  "/",
  "/default.aspx",
  "/login.aspx",
  "/api/orders.asmx",
  "/css/site.css",
  "/js/app.js",
  "/images/logo.png",
  "/products/list.aspx",
  "/products/detail.aspx",
  "/owa/auth/logon.aspx",
  "/search.aspx",
  "/favicon.ico",
];

export async function generateW3cLog(
  path: string,
  lines: number,
  seed = 42,
  start = new Date(Date.UTC(2026, 9, 20)),
  /** Mean seconds between lines, at most 1: the clock advances 1 s with this probability per line. */
  secondsPerLine = 0.3,
): Promise<void> {
  const rand = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buf = "";
  let t = start.getTime();
  const advance = Math.min(1, secondsPerLine);
  for (let i = 0; i < lines; i++) {
    if (i % 50_000 === 0) {
      const d = new Date(t).toISOString();
      buf += `#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: ${d.slice(0, 10)} ${d.slice(11, 19)}\n#Fields: ${FIELDS}\n`;
    }
    if (rand() < advance) t += 1000;
    const iso = new Date(t).toISOString();
    const host = `WEB0${1 + Math.floor(rand() * 4)}`;
    const client = `${10 + Math.floor(rand() * 200)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
    const stem = pick(STEMS);
    const query = rand() < 0.3 ? `id=${Math.floor(rand() * 100000)}&lang=en` : "-";
    const status = rand() < 0.9 ? 200 : pick([301, 302, 304, 404, 500]);
    buf +=
      `${iso.slice(0, 10)} ${iso.slice(11, 19)} W3SVC${1 + Math.floor(rand() * 2)} ${host} 10.0.0.${host.slice(-1)} ` +
      `${rand() < 0.85 ? "GET" : "POST"} ${stem} ${query} 443 - ${client} HTTP/1.1 ${pick(AGENTS)} ` +
      `ASP.NET_SessionId=${Math.floor(rand() * 1e9).toString(36)} https://www.contoso.com/ www.contoso.com ` +
      `${status} 0 0 ${Math.floor(rand() * 50000)} ${200 + Math.floor(rand() * 800)} ${Math.floor(rand() * 900)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.end(buf);
  await once(out, "finish");
}
