#!/usr/bin/env python3
"""Records events with the venice-events proxy (README, "Recording from other languages"); standard library only.

usage: record_event.py COMPONENT TYPE SEVERITY MESSAGE [MESSAGE...]    one event per MESSAGE, all on one connection
environment: VENICE_PROXY_HOST (127.0.0.1), VENICE_PROXY_PORT (9012), VENICE_TIMEOUT (5 seconds),
             VENICE_NODE, VENICE_OBJECT_KIND, VENICE_OBJECT_NAME
Prints each reply. Exit status 0: all taken; 1: the proxy refused one (its error on stderr); 3: not taken, send again.
"""
import json, os, socket, sys, uuid


def record(events, host="127.0.0.1", port=9012, timeout=5.0, window=100):
    """Sends the events on one connection and returns the proxy's replies, in order. Up to `window` lines go out
    before their replies are read (pipelining); the proxy stops reading a client that does not read its replies."""
    replies = []
    with socket.create_connection((host, port), timeout) as sock, sock.makefile("rb") as lines:
        for start in range(0, len(events), window):
            batch = events[start:start + window]
            sock.sendall(b"".join(json.dumps(event).encode() + b"\n" for event in batch))
            for _ in batch:
                line = lines.readline()
                if not line.endswith(b"\n"):
                    raise ConnectionError("the proxy closed the connection without replying")
                replies.append(json.loads(line))
    return replies


def present(fields):
    return {key: value for key, value in fields.items() if value}


if __name__ == "__main__":
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    component, event_type, severity, *messages = sys.argv[1:]
    env = os.environ.get
    host, port = env("VENICE_PROXY_HOST", "127.0.0.1"), int(env("VENICE_PROXY_PORT", "9012"))
    # A uuid of our own makes sending the same events again safe (after a lost reply, from a program that keeps
    # them): the proxy acknowledges a uuid it already took without counting it again.
    events = [present({"type": event_type, "severity": severity, "message": message,
                       "meta": {"uuid": str(uuid.uuid4())},
                       "source": present({"component": component, "node-name": env("VENICE_NODE")}),
                       "object-ref": present({"kind": env("VENICE_OBJECT_KIND"), "name": env("VENICE_OBJECT_NAME")})})
              for message in messages]
    try:
        replies = record(events, host, port, float(env("VENICE_TIMEOUT", "5")))
    except OSError as e:  # refused, unreachable, timed out, closed
        print(f"record_event.py: no reply from the proxy at {host}:{port} ({e})", file=sys.stderr)
        sys.exit(3)
    status = 0
    for number, reply in enumerate(replies, 1):
        print(json.dumps(reply, separators=(",", ":")))
        if reply.get("status") != "ok":
            retry = reply.get("retry") is True
            print(f"record_event.py: the proxy {'did not take' if retry else 'refused'} event {number}: {reply.get('error')}",
                  file=sys.stderr)
            status = (status or 3) if retry else 1  # 1 (fix and resend that one) wins over 3 (resend as is)
    sys.exit(status)
