"""Mail in tests: what a real SMTP server on loopback received (the smtp_server fixture in
tests/conftest.py)."""

import email
import email.policy
import socket
from dataclasses import dataclass, field


@dataclass
class Inbox:
    """What an aiosmtpd server received, each message parsed (headers, body, language).
    `refuse` answers the next so many messages with a temporary failure (451)."""

    messages: list[email.message.EmailMessage] = field(default_factory=list)
    refuse: int = 0
    port: int = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"


def body_of(message: email.message.EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
