#!/usr/bin/env python3
"""A local SMTP sink for the cluster and its tests: accepts every mail and stores it as a file.

    smtp_sink.py HOST PORT DIR

Each message becomes DIR/<time>-<n>.eml (envelope sender and recipients in X-Envelope-* headers).
Only the commands curl, Jakarta Mail and keepalived use are spoken: HELO/EHLO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT.
"""
import os
import socketserver
import sys
import time

HOST, PORT, DIR = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(DIR, exist_ok=True)
counter = [0]


class Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 wxplatform-sink ESMTP")
        sender, rcpts = "", []
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return
            cmd = raw.decode("utf-8", "replace").strip()
            verb = cmd[:4].upper()
            if verb in ("HELO", "EHLO"):
                self.reply("250 wxplatform-sink")
            elif verb == "MAIL":
                sender, rcpts = cmd[10:].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpts.append(cmd[8:].strip())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    line = self.rfile.readline(1 << 20)
                    if not line or line in (b".\r\n", b".\n"):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                counter[0] += 1
                name = os.path.join(DIR, "%d-%d.eml" % (time.time() * 1000, counter[0]))
                with open(name + ".tmp", "wb") as f:
                    f.write(("X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (sender, ", ".join(rcpts))).encode())
                    f.writelines(lines)
                os.rename(name + ".tmp", name)
                self.reply("250 OK stored")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


Server((HOST, PORT), Handler).serve_forever()
