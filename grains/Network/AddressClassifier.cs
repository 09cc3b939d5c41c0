using System.Net;
using System.Net.Sockets;

namespace AloeOrleans.Grains.Network;

/// <summary>
/// Sorts an IP address into an <see cref="AddressClass"/> from the IANA special-purpose registries. Pure: no I/O. IPv6
/// forms that carry an IPv4 address take the class of that address, so no spelling reaches a refused IPv4 network:
/// IPv4-mapped <c>::ffff:a.b.c.d</c> (the socket connects to the IPv4 address itself), NAT64 <c>64:ff9b::/96</c> (the
/// translator connects to it), 6to4 <c>2002:AABB:CCDD::/48</c> (a relay does) and the deprecated IPv4-compatible
/// <c>::a.b.c.d</c> (never public, so a public address in that form is <see cref="AddressClass.Reserved"/>).
/// </summary>
public static class AddressClassifier
{
    public static AddressClass Classify(IPAddress address) => Classify(address, out _);

    /// <summary>The class of <paramref name="address"/>; <paramref name="embeddedIPv4"/> is the IPv4 address an IPv6 form carries, if any.</summary>
    public static AddressClass Classify(IPAddress address, out IPAddress? embeddedIPv4)
    {
        ArgumentNullException.ThrowIfNull(address);
        embeddedIPv4 = null;
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyIPv4(bytes);
        }

        if (EmbeddedIPv4(bytes) is not { } embedded)
        {
            return ClassifyIPv6(bytes);
        }

        embeddedIPv4 = new IPAddress(embedded.Bytes);
        var embeddedClass = ClassifyIPv4(embedded.Bytes);
        return embedded.Compatible && embeddedClass == AddressClass.Public ? AddressClass.Reserved : embeddedClass;
    }

    /// <summary>The class in words, for messages: "a loopback address (this host)".</summary>
    public static string Describe(AddressClass addressClass) => addressClass switch
    {
        AddressClass.Public => "a public address",
        AddressClass.Unspecified => "the unspecified address (it reaches this host)",
        AddressClass.ThisNetwork => "an address in 0.0.0.0/8 (\"this network\")",
        AddressClass.Loopback => "a loopback address (this host)",
        AddressClass.Private => "a private address (RFC 1918)",
        AddressClass.SharedAddressSpace => "a carrier-grade NAT address (100.64.0.0/10)",
        AddressClass.LinkLocal => "a link-local address (where cloud metadata services live)",
        AddressClass.UniqueLocal => "a unique-local IPv6 address (fc00::/7)",
        AddressClass.SiteLocal => "a site-local IPv6 address (fec0::/10)",
        AddressClass.Multicast => "a multicast address",
        AddressClass.Broadcast => "the broadcast address",
        AddressClass.Documentation => "a documentation address (never routed)",
        AddressClass.Benchmarking => "a benchmarking address (198.18.0.0/15, 2001:2::/48)",
        AddressClass.Reserved => "a reserved special-purpose address",
        _ => throw new ArgumentOutOfRangeException(nameof(addressClass), addressClass, null),
    };

    private static AddressClass ClassifyIPv4(ReadOnlySpan<byte> b)
    {
        if (b is [0, 0, 0, 0])
        {
            return AddressClass.Unspecified;
        }

        if (b is [255, 255, 255, 255])
        {
            return AddressClass.Broadcast;
        }

        return (b[0], b[1], b[2]) switch
        {
            (0, _, _) => AddressClass.ThisNetwork,
            (10, _, _) => AddressClass.Private,
            (100, >= 64 and <= 127, _) => AddressClass.SharedAddressSpace,
            (127, _, _) => AddressClass.Loopback,
            (169, 254, _) => AddressClass.LinkLocal,
            (172, >= 16 and <= 31, _) => AddressClass.Private,
            (192, 0, 0) => AddressClass.Reserved,
            (192, 0, 2) => AddressClass.Documentation,
            (192, 88, 99) => AddressClass.Reserved,
            (192, 168, _) => AddressClass.Private,
            (198, 18 or 19, _) => AddressClass.Benchmarking,
            (198, 51, 100) => AddressClass.Documentation,
            (203, 0, 113) => AddressClass.Documentation,
            (>= 224 and <= 239, _, _) => AddressClass.Multicast,
            (>= 240, _, _) => AddressClass.Reserved,
            _ => AddressClass.Public,
        };
    }

    private static AddressClass ClassifyIPv6(ReadOnlySpan<byte> b)
    {
        if (b.IndexOfAnyExcept((byte)0) < 0)
        {
            return AddressClass.Unspecified;
        }

        if (b[..15].IndexOfAnyExcept((byte)0) < 0 && b[15] == 1)
        {
            return AddressClass.Loopback;
        }

        if (b[0] == 0xff)
        {
            return AddressClass.Multicast;
        }

        if (b[0] == 0xfe)
        {
            return (b[1] & 0xc0) switch
            {
                0x80 => AddressClass.LinkLocal,
                0xc0 => AddressClass.SiteLocal,
                _ => AddressClass.Reserved,
            };
        }

        if ((b[0] & 0xfe) == 0xfc)
        {
            return AddressClass.UniqueLocal;
        }

        // Everything outside 2000::/3 (global unicast) is unassigned or special: ::/8 (minus the forms with IPv4
        // inside, handled before), 64:ff9b:1::/48 local-use NAT64, 100::/64 discard-only, and the rest.
        if ((b[0] & 0xe0) != 0x20)
        {
            return AddressClass.Reserved;
        }

        if (b[0] == 0x20 && b[1] == 0x01)
        {
            return (b[2], b[3], b[4], b[5]) switch
            {
                (0x0d, 0xb8, _, _) => AddressClass.Documentation,
                (0x00, 0x02, 0x00, 0x00) => AddressClass.Benchmarking,
                (0x00, 0x00, _, _) => AddressClass.Reserved, // Teredo: the far end is an obfuscated IPv4 address.
                (0x00, var third, _, _) when (third & 0xf0) is 0x10 or 0x20 => AddressClass.Reserved, // ORCHID, ORCHIDv2.
                _ => AddressClass.Public,
            };
        }

        // 3fff::/20 (RFC 9637) is documentation too.
        return b[0] == 0x3f && b[1] == 0xff && (b[2] & 0xf0) == 0 ? AddressClass.Documentation : AddressClass.Public;
    }

    private static (byte[] Bytes, bool Compatible)? EmbeddedIPv4(byte[] b)
    {
        var firstTwelveZero = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        var lastFourZeroOrOne = b.AsSpan(12, 3).IndexOfAnyExcept((byte)0) < 0 && b[15] <= 1;
        if (b.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xff && b[11] == 0xff)
        {
            return (b[12..16], false);
        }

        // ::/96 carries IPv4 except :: and ::1 themselves.
        if (firstTwelveZero && !lastFourZeroOrOne)
        {
            return (b[12..16], true);
        }

        if (b is [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..])
        {
            return (b[12..16], false);
        }

        return b[0] == 0x20 && b[1] == 0x02 ? (b[2..6], false) : null;
    }
}
