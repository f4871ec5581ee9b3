using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Infrastructure;

namespace TrackingFunctions.Commands;

/// <summary>
/// Reads a queue message as a tracking command. Messages arrive as raw UTF-8 JSON (host.json
/// <c>messageEncoding: none</c>); a producer that base64-encodes its messages is detected and decoded.
/// </summary>
public static class TrackingCommandParser
{
    public const int MaxRequestIdLength = 200;


    public static CommandParseResult Parse(ReadOnlySpan<byte> message, string messageId)
    {
        var json = DecodeBase64IfWrapped(Utf8Bom.Strip(message));
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException ex)
        {
            return Fail(messageId, null, "The message is not valid JSON: " + ex.Message);
        }
        catch (ArgumentException)
        {
            return Fail(messageId, null, "The message is not valid UTF-8 JSON.");
        }

        if (root is null)
        {
            return Fail(messageId, null, "The message must be a JSON object.");
        }

        var requestId = Text(root, "request_id");
        if (requestId is not null && (requestId.Length == 0 || requestId.Length > MaxRequestIdLength))
        {
            return Fail(messageId, null, $"request_id must be 1 to {MaxRequestIdLength} characters.");
        }

        requestId ??= messageId;
        if (root["request_id"] is { } idNode && idNode.GetValueKind() != JsonValueKind.String)
        {
            return Fail(requestId, null, "request_id must be a string.");
        }

        var action = Text(root, "action");
        if (action is null || !CommandAction.All.Contains(action))
        {
            return Fail(requestId, action, $"action must be one of {string.Join(", ", CommandAction.All)}; got {(action is null ? "none" : "'" + action + "'")}.");
        }

        var tracking = root["tracking"];
        if (tracking is not null and not JsonObject)
        {
            return Fail(requestId, action, "tracking must be a JSON object.");
        }

        var trackingObject = (JsonObject?)tracking;
        return action switch
        {
            CommandAction.Create => ParseCreate(requestId, trackingObject),
            _ => ParseAddressed(root, requestId, action, trackingObject),
        };
    }

    private static CommandParseResult ParseCreate(string requestId, JsonObject? tracking)
    {
        if (tracking is null)
        {
            return Fail(requestId, CommandAction.Create, "create needs a tracking object with the 2025-01 create fields.");
        }

        if (Text(tracking, "tracking_number") is not { Length: > 0 } number)
        {
            return Fail(requestId, CommandAction.Create, "create needs tracking.tracking_number.");
        }

        return Ok(new TrackingCommand(CommandAction.Create, requestId, null, Text(tracking, "slug"), number, tracking, null));
    }

    private static CommandParseResult ParseAddressed(JsonObject root, string requestId, string action, JsonObject? tracking)
    {
        var id = Text(root, "id");
        var slug = Text(root, "slug");
        var number = Text(root, "tracking_number");
        if (string.IsNullOrWhiteSpace(id) && (string.IsNullOrWhiteSpace(slug) || string.IsNullOrWhiteSpace(number)))
        {
            return Fail(requestId, action, $"{action} needs \"id\", or \"slug\" and \"tracking_number\".");
        }

        if (!string.IsNullOrWhiteSpace(id) && (slug is not null || number is not null))
        {
            return Fail(requestId, action, $"{action} takes \"id\" or \"slug\" + \"tracking_number\", not both.");
        }

        if (action == CommandAction.Update && (tracking is null || tracking.Count == 0))
        {
            return Fail(requestId, action, "update needs a tracking object with at least one field to change.");
        }

        var reason = Text(root, "reason");
        if (action == CommandAction.MarkCompleted && !CompletionReason.IsValid(reason))
        {
            return Fail(requestId, action, $"mark_completed needs reason {CompletionReason.Delivered}, {CompletionReason.Lost} or {CompletionReason.ReturnedToSender}.");
        }

        return Ok(new TrackingCommand(action, requestId, string.IsNullOrWhiteSpace(id) ? null : id, slug, number, tracking, reason));
    }

    /// <summary>
    /// JSON starts with '{' (after optional whitespace); base64 of JSON starts with 'e' ("ey…" for '{"'). Anything
    /// that decodes cleanly to text starting with '{' is taken as a base64-wrapped message.
    /// </summary>
    private static byte[] DecodeBase64IfWrapped(ReadOnlySpan<byte> message)
    {
        var text = Encoding.UTF8.GetString(message).Trim();
        if (text.Length == 0 || text[0] == '{' || text.Length % 4 != 0)
        {
            return message.ToArray();
        }

        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            var decoded = buffer.AsSpan(0, written);
            var start = decoded.TrimStart(" \t\r\n"u8);
            if (start.Length > 0 && start[0] == (byte)'{')
            {
                return decoded.ToArray();
            }
        }

        return message.ToArray();
    }

    private static string? Text(JsonObject node, string name)
        => node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static CommandParseResult Ok(TrackingCommand command) => new(command, null, command.RequestId, command.Action);

    private static CommandParseResult Fail(string requestId, string? action, string error) => new(null, error, requestId, action);
}
