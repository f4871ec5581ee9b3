using System.Text.Json;

namespace TrackingFunctions.Notifications;

/// <summary>A 2025-01 <c>customers[]</c> entry that can receive email. Personal data: never logged or stored as is.</summary>
internal sealed record Customer(string Email, string? Name, string? Language)
{
    /// <summary>The tracking's customers with an email address, each address once.</summary>
    public static IReadOnlyList<Customer> Read(string? trackingJson)
    {
        var found = new List<Customer>();
        if (trackingJson is null)
        {
            return found;
        }

        using var document = JsonDocument.Parse(trackingJson);
        if (!document.RootElement.TryGetProperty("customers", out var customers) || customers.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        foreach (var customer in customers.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
        {
            var email = Text(customer, "email")?.Trim();
            if (email is { Length: > 2 } && email.Contains('@', StringComparison.Ordinal) && MimeKit.MailboxAddress.TryParse(email, out _)
                && !found.Any(f => string.Equals(f.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                found.Add(new Customer(email, Text(customer, "name"), Text(customer, "language")));
            }
        }

        return found;
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
