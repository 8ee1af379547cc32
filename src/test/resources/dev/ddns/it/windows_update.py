"""The dynamic update a Windows DNS client sends, built with dnspython (WindowsUpdateIT runs it).

usage: windows_update.py SERVER PORT SOURCE udp|tcp ZONE HOST ADDRESS [edns]

The message of the Windows capture in docs/clients.md ("Windows DNS clients and DHCP servers"):
transaction ID 0x4fce, flags 0x2800 (opcode UPDATE, nothing else), the zone's SOA in the zone
section, the prerequisite "no CNAME at HOST" (class NONE, type CNAME), then "delete HOST's A
RRset" (class ANY) and "add HOST 1200 A ADDRESS", unsigned, no additional records. With "edns"
the same message carries an OPT record, so that a refusal can say why (RFC 8914). It is sent from
SOURCE, over UDP or TCP; the script prints the request in hex, the rcode, and each Extended DNS
Error as "ede CODE TEXT".
"""
import sys

# dns.query imports httpx and requests for DNS over HTTPS, which this script never uses.
sys.modules["httpx"] = None
sys.modules["requests"] = None

import dns.edns  # noqa: E402 (after the import block above)
import dns.query
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.update

TIMEOUT = 10


def main(server, port, source, transport, zone, host, address, edns=None):
    message = dns.update.UpdateMessage(zone)
    message.id = 0x4FCE
    message.absent(host, dns.rdatatype.CNAME)
    message.delete(host, dns.rdatatype.A)
    message.add(host, 1200, dns.rdatatype.A, address)
    if edns == "edns":
        message.use_edns(0)
    print("request", message.to_wire().hex())
    send = dns.query.tcp if transport == "tcp" else dns.query.udp
    response = send(message, server, port=int(port), source=source, timeout=TIMEOUT)
    print("rcode", dns.rcode.to_text(response.rcode()))
    for option in response.options:
        if option.otype == dns.edns.EDE:
            print("ede", int(option.code), option.text or "")


if __name__ == "__main__":
    main(*sys.argv[1:])
