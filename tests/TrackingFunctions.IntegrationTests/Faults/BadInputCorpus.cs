using System.Text;

namespace TrackingFunctions.IntegrationTests.Faults;

/// <summary>Inputs a careless or hostile sender can produce. Each must get a clear answer, never a 500 or a crash.</summary>
public static class BadInputCorpus
{
    private static readonly string Deep = new string('[', 5000) + new string(']', 5000);

    /// <summary>Signed webhook bodies that are not a storable AfterShip event (expected: 200 and quarantined).</summary>
    public static IEnumerable<(string Name, byte[] Body)> UnreadableWebhookBodies()
    {
        yield return ("empty", []);
        yield return ("whitespace", "  \r\n\t "u8.ToArray());
        yield return ("json null", "null"u8.ToArray());
        yield return ("json string", "\"tracking_update\""u8.ToArray());
        yield return ("json number", "1e309"u8.ToArray());
        yield return ("json array", "[{\"msg\":{\"id\":\"x\"}}]"u8.ToArray());
        yield return ("empty object", "{}"u8.ToArray());
        yield return ("truncated", "{\"event\":\"tracking_update\",\"msg\":{\"id\":\"abc\""u8.ToArray());
        yield return ("deeply nested", Encoding.UTF8.GetBytes("{\"msg\":" + Deep + "}"));
        yield return ("invalid utf-8", [0x7B, 0x22, 0x6D, 0x73, 0x67, 0x22, 0x3A, 0xC3, 0x28, 0x7D]);
        yield return ("nul bytes", "{\"msg\":{\"id\":\"a\0b\"}\0}"u8.ToArray());
        yield return ("utf-16", Encoding.Unicode.GetBytes("{\"event_id\":\"e\",\"msg\":{\"id\":\"abc\"}}"));
        yield return ("msg is an array", "{\"event_id\":\"e\",\"msg\":[1,2]}"u8.ToArray());
        yield return ("msg is a string", "{\"event_id\":\"e\",\"msg\":\"{\\\"id\\\":\\\"abc\\\"}\"}"u8.ToArray());
        yield return ("msg without id", "{\"event_id\":\"e\",\"msg\":{\"tracking_number\":\"1Z\"}}"u8.ToArray());
        yield return ("msg.id is a number", "{\"event_id\":\"e\",\"msg\":{\"id\":12345}}"u8.ToArray());
        yield return ("msg.id is empty", "{\"event_id\":\"e\",\"msg\":{\"id\":\"\"}}"u8.ToArray());
        yield return ("100k-character id", Encoding.UTF8.GetBytes("{\"event_id\":\"e\",\"msg\":{\"id\":\"" + new string('a', 100_000) + "\"}}"));
        yield return ("100k-character event_id", Encoding.UTF8.GetBytes("{\"event_id\":\"" + new string('e', 100_000) + "\",\"msg\":{\"id\":\"abc\"}}"));
        yield return ("100k-character tracking number", Encoding.UTF8.GetBytes("{\"event_id\":\"e\",\"msg\":{\"id\":\"abc\",\"tracking_number\":\"" + new string('9', 100_000) + "\"}}"));
    }

    /// <summary>Signed, odd but storable events (expected: 200 and stored).</summary>
    public static IEnumerable<(string Name, byte[] Body)> OddButValidWebhookBodies()
    {
        yield return ("no event_id", "{\"event\":\"tracking_update\",\"msg\":{\"id\":\"odd-1\",\"updated_at\":\"2026-11-01T00:00:00Z\"}}"u8.ToArray());
        yield return ("event_id is a number", "{\"event_id\":42,\"msg\":{\"id\":\"odd-2\"}}"u8.ToArray());
        yield return ("ts is a string", "{\"event_id\":\"odd-3\",\"ts\":\"yesterday\",\"msg\":{\"id\":\"odd-3\"}}"u8.ToArray());
        yield return ("ts far in the future", "{\"event_id\":\"odd-4\",\"ts\":99999999999999,\"msg\":{\"id\":\"odd-4\"}}"u8.ToArray());
        yield return ("negative ts", "{\"event_id\":\"odd-5\",\"ts\":-5,\"msg\":{\"id\":\"odd-5\"}}"u8.ToArray());
        yield return ("unknown event type", "{\"event\":\"something_new\",\"event_id\":\"odd-6\",\"msg\":{\"id\":\"odd-6\"}}"u8.ToArray());
        yield return ("unknown tag and subtag", "{\"event_id\":\"odd-7\",\"msg\":{\"id\":\"odd-7\",\"tag\":\"Teleported\",\"subtag\":\"Teleported_999\"}}"u8.ToArray());
        yield return ("dates in mixed formats", "{\"event_id\":\"odd-8\",\"msg\":{\"id\":\"odd-8\",\"updated_at\":\"2026-11-01\",\"shipment_delivery_date\":\"01/11/2026\",\"checkpoints\":[{\"checkpoint_time\":\"2026-11-01T10:00:00\"},{\"checkpoint_time\":\"garbage\"}]}}"u8.ToArray());
        yield return ("key characters in id", "{\"event_id\":\"odd/9#?\",\"msg\":{\"id\":\"odd/9#?\\\\\\u0001\",\"tracking_number\":\"A/B#C?D\",\"slug\":\"s/l#u?g\"}}"u8.ToArray());
        yield return ("BOM before the JSON", [0xEF, 0xBB, 0xBF, .. "{\"event_id\":\"odd-10\",\"msg\":{\"id\":\"odd-10\"}}"u8.ToArray()]);
        yield return ("duplicate keys", "{\"event_id\":\"odd-11\",\"msg\":{\"id\":\"odd-11\"},\"msg\":{\"id\":\"odd-11b\"}}"u8.ToArray());
        yield return ("checkpoints is an object", "{\"event_id\":\"odd-13\",\"msg\":{\"id\":\"odd-13\",\"checkpoints\":{\"a\":1}}}"u8.ToArray());
        yield return ("updated_at is a number", "{\"event_id\":\"odd-14\",\"msg\":{\"id\":\"odd-14\",\"updated_at\":1712741696}}"u8.ToArray());
        yield return ("active is a string", "{\"event_id\":\"odd-15\",\"msg\":{\"id\":\"odd-15\",\"active\":\"yes\"}}"u8.ToArray());
        yield return ("nulls everywhere", "{\"event\":null,\"event_id\":\"odd-12\",\"is_tracking_first_tag\":null,\"ts\":null,\"msg\":{\"id\":\"odd-12\",\"tag\":null,\"checkpoints\":null,\"active\":null,\"updated_at\":null}}"u8.ToArray());
    }

    /// <summary>Signature headers that must be refused (expected: 401).</summary>
    public static IEnumerable<(string Name, string? Header)> BadSignatureHeaders()
    {
        yield return ("missing", null);
        yield return ("empty", string.Empty);
        yield return ("spaces", "    ");
        yield return ("not base64", "%%%not-base64%%%");
        yield return ("base64 of 31 bytes", Convert.ToBase64String(new byte[31]));
        yield return ("base64 of 33 bytes", Convert.ToBase64String(new byte[33]));
        yield return ("hex digest", new string('a', 64));
        yield return ("sha256= prefix", "sha256=" + Convert.ToBase64String(new byte[32]));
        yield return ("10k characters", new string('A', 10_000));
        yield return ("unicode", "签名签名签名签名签名");
        yield return ("zero signature", Convert.ToBase64String(new byte[32]));
    }

    /// <summary>Queue messages that are not valid commands (expected: recorded failure, message completes).</summary>
    public static IEnumerable<(string Name, byte[] Message)> BadQueueMessages()
    {
        yield return ("empty", []);
        yield return ("whitespace", " \n "u8.ToArray());
        yield return ("json null", "null"u8.ToArray());
        yield return ("json string", "\"create\""u8.ToArray());
        yield return ("json array", "[{\"action\":\"create\"}]"u8.ToArray());
        yield return ("empty object", "{}"u8.ToArray());
        yield return ("action is a number", "{\"action\":1}"u8.ToArray());
        yield return ("action null", "{\"action\":null}"u8.ToArray());
        yield return ("action in capitals", "{\"action\":\"CREATE\",\"tracking\":{\"tracking_number\":\"1Z\"}}"u8.ToArray());
        yield return ("request_id is a number", "{\"action\":\"create\",\"request_id\":7,\"tracking\":{\"tracking_number\":\"ABCD1234\"}}"u8.ToArray());
        yield return ("request_id empty", "{\"action\":\"create\",\"request_id\":\"\",\"tracking\":{\"tracking_number\":\"ABCD1234\"}}"u8.ToArray());
        yield return ("request_id too long", Encoding.UTF8.GetBytes("{\"action\":\"create\",\"request_id\":\"" + new string('r', 500) + "\"}"));
        yield return ("tracking is a string", "{\"action\":\"create\",\"tracking\":\"1Z\"}"u8.ToArray());
        yield return ("tracking_number is a number", "{\"action\":\"create\",\"tracking\":{\"tracking_number\":12345678}}"u8.ToArray());
        yield return ("slug is a number", "{\"action\":\"create\",\"tracking\":{\"tracking_number\":\"ABCD1234\",\"slug\":5}}"u8.ToArray());
        yield return ("update without address", "{\"action\":\"update\",\"tracking\":{\"title\":\"x\"}}"u8.ToArray());
        yield return ("update with id and slug", "{\"action\":\"update\",\"id\":\"a\",\"slug\":\"ups\",\"tracking_number\":\"1\",\"tracking\":{\"title\":\"x\"}}"u8.ToArray());
        yield return ("update with empty tracking", "{\"action\":\"update\",\"id\":\"a\",\"tracking\":{}}"u8.ToArray());
        yield return ("delete with slug only", "{\"action\":\"delete\",\"slug\":\"ups\"}"u8.ToArray());
        yield return ("mark_completed without reason", "{\"action\":\"mark_completed\",\"id\":\"a\"}"u8.ToArray());
        yield return ("mark_completed lower-case reason", "{\"action\":\"mark_completed\",\"id\":\"a\",\"reason\":\"lost\"}"u8.ToArray());
        yield return ("deeply nested", Encoding.UTF8.GetBytes("{\"action\":\"create\",\"tracking\":" + Deep + "}"));
        yield return ("invalid utf-8", [0x7B, 0x22, 0x61, 0x22, 0x3A, 0xFF, 0x7D]);
        yield return ("base64 garbage", "abcd"u8.ToArray());
        yield return ("base64 of an array", Encoding.UTF8.GetBytes(Convert.ToBase64String("[1]"u8.ToArray())));
        yield return ("base64 of bad json", Encoding.UTF8.GetBytes(Convert.ToBase64String("{\"action\":"u8.ToArray())));
        yield return ("double base64", Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(Convert.ToBase64String("{\"action\":\"create\"}"u8.ToArray())))));
    }

    /// <summary>Well-formed commands AfterShip refuses (expected: recorded failure with AfterShip's reason).</summary>
    public static IEnumerable<(string Name, byte[] Message)> CommandsAfterShipRefuses()
    {
        yield return ("tracking number with spaces", "{\"action\":\"create\",\"tracking\":{\"tracking_number\":\"has spaces in it\"}}"u8.ToArray());
        yield return ("tracking number too short", "{\"action\":\"create\",\"tracking\":{\"tracking_number\":\"AB\"}}"u8.ToArray());
        yield return ("title of the wrong type", "{\"action\":\"create\",\"tracking\":{\"tracking_number\":\"ABCD12345\",\"title\":42}}"u8.ToArray());
        yield return ("slug and slug_group", "{\"action\":\"create\",\"tracking\":{\"tracking_number\":\"ABCD12346\",\"slug\":\"ups\",\"slug_group\":\"dhl-group\"}}"u8.ToArray());
        yield return ("unknown id", "{\"action\":\"update\",\"id\":\"ffffffffffffffffffffffffffffffff\",\"tracking\":{\"title\":\"x\"}}"u8.ToArray());
        yield return ("path-like id", "{\"action\":\"delete\",\"id\":\"../../couriers\"}"u8.ToArray());
        yield return ("unknown slug and number", "{\"action\":\"retrack\",\"slug\":\"ups\",\"tracking_number\":\"NOSUCHNUMBER\"}"u8.ToArray());
    }
}
