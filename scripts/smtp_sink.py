#!/usr/bin/python3
"""SMTP server for AloeOrleans tests (started by scripts/smtp.sh): accepts every message on 127.0.0.1 and stores
each one as a file in MAIL_DIR, written to a temporary name and renamed, so a reader never sees half a message.
The envelope recipients are recorded in an X-Aloe-Rcpt-To header line put before the message.

Usage: smtp_sink.py PORT MAIL_DIR
"""
import os
import signal
import sys
import time
import uuid

from aiosmtpd.controller import Controller


class MailDirHandler:
    def __init__(self, mail_dir):
        self.mail_dir = mail_dir
        self.tmp_dir = os.path.join(mail_dir, ".tmp")
        os.makedirs(self.tmp_dir, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = "%d-%s.eml" % (time.time_ns(), uuid.uuid4().hex)
        header = "X-Aloe-Rcpt-To: %s\r\nX-Aloe-Mail-From: %s\r\n" % (", ".join(envelope.rcpt_tos), envelope.mail_from)
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        temporary = os.path.join(self.tmp_dir, name)
        with open(temporary, "wb") as handle:
            handle.write(header.encode("ascii", "replace") + content)
        os.chmod(temporary, 0o644)
        os.rename(temporary, os.path.join(self.mail_dir, name))
        return "250 Message accepted for delivery"


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    port = int(sys.argv[1])
    mail_dir = sys.argv[2]
    os.makedirs(mail_dir, exist_ok=True)
    controller = Controller(MailDirHandler(mail_dir), hostname="127.0.0.1", port=port)
    controller.start()
    print("smtp_sink: listening on 127.0.0.1:%d, mail in %s" % (port, mail_dir), flush=True)
    # Wait for SIGTERM or SIGINT, then stop cleanly.
    received = signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
    print("smtp_sink: stopped on signal %d" % received, flush=True)
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    sys.exit(main())
