"""dnspython as a DNS UPDATE client, as ACME plugins and scripts use it (ClientsIT runs it).

usage: dnspython_client.py SERVER PORT KEY update ZONE udp|tcp (add NAME TTL HEX | delete NAME HEX)...
       dnspython_client.py SERVER PORT KEY query TYPE udp|tcp NAME...

KEY is ALGORITHM:NAME:SECRET, or "none" for an unsigned message. TXT data is written as its
character-strings in hex, joined by commas, so that every byte travels exactly. A query clears
RD, as certbot's SOA discovery does; for each NAME it prints the rcode, the header flags, whether
the answer carried a verified TSIG, one line per answer record (NAME TTL TYPE DATA, TXT data in
hex) and an empty line.
"""
import sys

# dns.query imports httpx and requests for DNS over HTTPS, which this script never uses; they
# are most of its start-up time (0.5 s of CPU), so they are kept out.
sys.modules["httpx"] = None
sys.modules["requests"] = None

import dns.flags  # noqa: E402 (after the import block above)
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import dns.tsigkeyring
import dns.update

TIMEOUT = 10


def txt(hex_strings):
    strings = [bytes.fromhex(s) for s in hex_strings.split(",")]
    return dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, strings)


def sign(message, key):
    if key != "none":
        algorithm, name, secret = key.split(":")
        keyring = dns.tsigkeyring.from_text({name: secret})
        message.use_tsig(keyring, keyname=name, algorithm=algorithm)


def send(message, server, port, transport):
    if transport == "tcp":
        return dns.query.tcp(message, server, timeout=TIMEOUT, port=port)
    return dns.query.udp(message, server, timeout=TIMEOUT, port=port)


def update(server, port, key, zone, transport, actions):
    message = dns.update.UpdateMessage(zone)
    sign(message, key)
    while actions:
        action = actions.pop(0)
        if action == "add":
            name, ttl, data = actions[:3]
            del actions[:3]
            message.add(name, int(ttl), txt(data))
        elif action == "delete":
            name, data = actions[:2]
            del actions[:2]
            message.delete(name, txt(data))
        else:
            raise SystemExit("unknown update action " + action)
    response = send(message, server, port, transport)
    print("rcode", dns.rcode.to_text(response.rcode()))


def query(server, port, key, rdtype, transport, name):
    message = dns.message.make_query(name, rdtype)
    message.flags &= ~dns.flags.RD
    sign(message, key)
    response = send(message, server, port, transport)
    print("rcode", dns.rcode.to_text(response.rcode()))
    print("flags", dns.flags.to_text(response.flags).lower())
    print("tsig", "verified" if response.had_tsig else "none")
    for rrset in response.answer:
        for rdata in rrset:
            if rrset.rdtype == dns.rdatatype.TXT:
                data = ",".join(s.hex() for s in rdata.strings)
            else:
                data = rdata.to_text()
            print(rrset.name.to_text(), rrset.ttl, dns.rdatatype.to_text(rrset.rdtype), data)
    print()


def main(argv):
    server, port, key, operation = argv[1], int(argv[2]), argv[3], argv[4]
    if operation == "update":
        update(server, port, key, argv[5], argv[6], argv[7:])
    elif operation == "query":
        for name in argv[7:]:
            query(server, port, key, argv[5], argv[6], name)
    else:
        raise SystemExit("unknown operation " + operation)


if __name__ == "__main__":
    main(sys.argv)
