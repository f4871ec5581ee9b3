namespace TrackingFunctions.Couriers;

/// <summary>
/// The known slugs closest to a mistyped one: edit distance, where a slug that begins with the other (<c>dhl</c>,
/// <c>dhl-germany</c>) counts as two edits at most; ties go to couriers the account has activated, then alphabetically.
/// </summary>
internal static class SlugSuggestions
{
    public static IReadOnlyList<string> Closest(string slug, IEnumerable<CourierEntry> couriers, int count)
    {
        var wanted = slug.Trim().ToLowerInvariant();
        return [.. couriers
            .Select(c => (c.Slug, c.Activated, Distance: Score(wanted, c.Slug.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Activated ? 0 : 1)
            .ThenBy(c => c.Slug, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Slug)];
    }

    private static int Score(string wanted, string known)
        => wanted.Length > 0 && (known.StartsWith(wanted, StringComparison.Ordinal) || wanted.StartsWith(known, StringComparison.Ordinal))
            ? Math.Min(2, Levenshtein(wanted, known))
            : Levenshtein(wanted, known);

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
