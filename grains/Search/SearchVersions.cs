using System.Globalization;

namespace AloeOrleans.Grains.Search;

/// <summary>Versions as numbers separated by dots, compared number by number (<c>1.10</c> after <c>1.9</c>; <c>1.0</c> equals <c>1</c>).</summary>
public static class SearchVersions
{
    public static bool TryParse(string text, out IReadOnlyList<long> version)
    {
        version = [];
        if (text.Length == 0)
        {
            return false;
        }

        var parts = new List<long>();
        foreach (var part in text.Split('.'))
        {
            if (part.Length == 0 || !part.All(char.IsAsciiDigit)
                || !long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            parts.Add(number);
        }

        version = parts;
        return true;
    }

    public static int Compare(IReadOnlyList<long> first, IReadOnlyList<long> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        for (var i = 0; i < Math.Max(first.Count, second.Count); i++)
        {
            var order = (i < first.Count ? first[i] : 0).CompareTo(i < second.Count ? second[i] : 0);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }
}
