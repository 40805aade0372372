/**
 * A local mail catcher for development and tests: an SMTP server (`smtp-server`) on loopback that
 * accepts every message without authentication and keeps it in memory (parsed with `mailparser`),
 * and a small web view on loopback: `GET /` lists the mail (newest first), `GET /messages/<n>` shows
 * one (its HTML body in a sandboxed frame), `GET /messages.json` gives all of them as JSON
 * (`{ id, to, subject, text, html, headers }`). `pnpm start` runs it unless SMTP_URL is set.
 * Never expose it beyond loopback: it shows everyone's mail.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A caught mail. */
export interface CaughtMail {
  id: number;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Header names in lower case, values as sent. */
  headers: Record<string, string>;
  receivedAt: string;
}

/** A running catcher. */
export interface MailCatcher {
  smtpPort: number;
  webPort: number;
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  smtpUrl: string;
  webUrl: string;
  messages: CaughtMail[];
  /** Resolves with the first mail (already caught or arriving within timeoutMs) matching. */
  waitFor(match: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  stop(): Promise<void>;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * Start a catcher on 127.0.0.1.
 * @param opts.smtpPort / webPort - 0 (default) picks free ports
 * @param opts.web - start the web view (default true)
 */
export async function startMailCatcher(
  opts: { smtpPort?: number; webPort?: number; web?: boolean } = {},
): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    banner: "Woonbeurt mail catcher",
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) {
            headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
          }
          messages.push({
            id: messages.length + 1,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            headers,
            receivedAt: new Date().toISOString(),
          });
          for (const w of waiters) w();
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(opts.smtpPort ?? 0, "127.0.0.1", () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  let web: http.Server | null = null;
  let webPort = 0;
  if (opts.web !== false) {
    web = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const page = (status: number, body: string) => {
        res.writeHead(status, {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
        });
        res.end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Mail catcher</title></head><body style="font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem">${body}</body></html>`,
        );
      };
      if (url.pathname === "/messages.json") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(messages));
        return;
      }
      const one = /^\/messages\/(\d+)(\/html)?$/.exec(url.pathname);
      if (one) {
        const m = messages[Number(one[1]) - 1];
        if (!m) return page(404, "<p>No such message.</p>");
        if (one[2]) {
          res.writeHead(200, {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
          });
          res.end(m.html);
          return;
        }
        return page(
          200,
          `<p><a href="/">All mail</a></p><h1>${esc(m.subject)}</h1><p>To: ${esc(m.to.join(", "))}<br>Received: ${esc(m.receivedAt)}</p>` +
            `<pre style="white-space:pre-wrap">${esc(m.text)}</pre>` +
            (m.html
              ? `<iframe title="HTML version" sandbox src="/messages/${m.id}/html" style="width:100%;height:30rem"></iframe>`
              : ""),
        );
      }
      if (url.pathname !== "/") return page(404, "<p>Not found.</p>");
      return page(
        200,
        `<h1>Mail catcher</h1><p>${messages.length} message(s); newest first. Reload to see new mail.</p><ul>` +
          [...messages]
            .reverse()
            .map(
              (m) =>
                `<li><a href="/messages/${m.id}">${esc(m.subject)}</a> — ${esc(m.to.join(", "))} — ${esc(m.receivedAt)}</li>`,
            )
            .join("") +
          "</ul>",
      );
    });
    await new Promise<void>((resolve, reject) => {
      web!.once("error", reject);
      web!.listen(opts.webPort ?? 0, "127.0.0.1", () => resolve());
    });
    webPort = (web.address() as AddressInfo).port;
  }

  return {
    smtpPort,
    webPort,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${webPort}`,
    messages,
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = messages.find(match);
          if (!m) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${messages.length} caught)`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async stop() {
      await new Promise<void>((r) => smtp.close(() => r()));
      if (web) await new Promise<void>((r) => web!.close(() => r()));
    },
  };
}
