using System.Text;
using System.Text.Json;

namespace TrackingFunctions.Storage;

/// <summary>
/// What the order index needs from a tracking's JSON: the order number (<c>order_number</c>, else <c>order_id</c>),
/// the customers' emails (<c>customers[].email</c>, at most <see cref="MaxEmails"/>) and the destination postcode
/// (<c>destination_postal_code</c>, else the legacy <c>tracking_postal_code</c>).
/// </summary>
/// <remarks>
/// Read with a forward-only reader that skips every other member, so a tracking with hundreds of checkpoints costs a
/// skim, not a parse. Malformed JSON reads as "no order"; the state itself is stored regardless.
/// </remarks>
internal sealed record OrderFields(string OrderNumber, IReadOnlyList<string> Emails, string? Postcode)
{
    /// <summary>AfterShip takes at most three customers per tracking.</summary>
    public const int MaxEmails = 3;

    public static OrderFields? Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return ReadObject(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static OrderFields? ReadObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? orderNumber = null, orderId = null, postcode = null, legacyPostcode = null;
        var emails = new List<string>(1);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("order_number"u8))
            {
                orderNumber = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("order_id"u8))
            {
                orderId = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("destination_postal_code"u8))
            {
                postcode = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("tracking_postal_code"u8))
            {
                legacyPostcode = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("customers"u8))
            {
                ReadCustomers(ref reader, emails);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var order = string.IsNullOrWhiteSpace(orderNumber) ? orderId : orderNumber;
        return string.IsNullOrWhiteSpace(order) ? null : new OrderFields(order, emails, string.IsNullOrWhiteSpace(postcode) ? legacyPostcode : postcode);
    }

    private static void ReadCustomers(ref Utf8JsonReader reader, List<string> emails)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("email"u8))
                {
                    reader.Read();
                    reader.Skip();
                }
                else if (StringValue(ref reader) is { } email && emails.Count < MaxEmails)
                {
                    emails.Add(email);
                }
            }
        }
    }

    /// <summary>Moves to the member's value and returns it if it is a non-blank string; skips anything else.</summary>
    private static string? StringValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            var value = reader.GetString();
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        reader.Skip();
        return null;
    }

    /// <summary>For tests and the load harness: the same fields from a UTF-16 JSON string.</summary>
    public static OrderFields? Read(string json) => Read(Encoding.UTF8.GetBytes(json));
}
