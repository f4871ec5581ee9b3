using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrackingFunctions.Infra.Tests;

/// <summary>
/// Evaluates the ARM template-language expressions one compiled template uses, offline, for given parameter values:
/// enough of the language (parameters, variables, concat, filter, map, items, lambda, contains, if, createObject, …)
/// to check what a deployment would set. Functions that need Azure (reference, resourceId, …) evaluate to a
/// placeholder string naming the call.
/// </summary>
internal sealed class ArmExpressions(JsonElement template, IReadOnlyDictionary<string, JsonNode?> parameters)
{
    private readonly Dictionary<string, JsonNode?> lambdaVariables = new(StringComparer.OrdinalIgnoreCase);

    public JsonNode? Variable(string name) => Evaluate(JsonNode.Parse(template.GetProperty("variables").GetProperty(name).GetRawText()));

    /// <summary>A JSON value with every <c>"[expression]"</c> string in it evaluated.</summary>
    public JsonNode? Evaluate(JsonNode? value) => value switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Evaluate(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Evaluate).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var text) && text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal) && text.EndsWith(']')
            => Eval(new Parser(text[1..^1]).ParseAll()),
        _ => value?.DeepClone(),
    };

    private JsonNode? Eval(Node node) => node switch
    {
        Literal literal => literal.Value?.DeepClone(),
        Member member => Eval(member.Target) is JsonObject obj && obj.TryGetPropertyValue(member.Name, out var v) ? v?.DeepClone() : null,
        Index index => Eval(index.Target) switch
        {
            JsonArray a => a[(int)Eval(index.Key)!.GetValue<double>()]?.DeepClone(),
            JsonObject o => o[Eval(index.Key)!.GetValue<string>()]?.DeepClone(),
            _ => null,
        },
        Call call => Invoke(call),
        _ => throw new InvalidOperationException("Unknown node " + node),
    };

    private JsonNode? Invoke(Call call)
    {
        JsonNode? Arg(int i) => Eval(call.Args[i]);
        switch (call.Name.ToLowerInvariant())
        {
            case "parameters":
                var name = Arg(0)!.GetValue<string>();
                return parameters.TryGetValue(name, out var p) ? p?.DeepClone() : Default(name) ?? JsonValue.Create($"<parameters('{name}')>");
            case "variables":
                return Variable(Arg(0)!.GetValue<string>());
            case "lambdavariables":
                return lambdaVariables[Arg(0)!.GetValue<string>()]?.DeepClone();
            case "concat":
                var parts = call.Args.Select(Eval).ToList();
                return parts.All(x => x is JsonArray)
                    ? new JsonArray(parts.SelectMany(x => x!.AsArray().Select(e => e?.DeepClone())).ToArray())
                    : JsonValue.Create(string.Concat(parts.Select(Text)));
            case "createarray":
                return new JsonArray(call.Args.Select(Eval).ToArray());
            case "createobject":
                var created = new JsonObject();
                for (var i = 0; i < call.Args.Count; i += 2)
                {
                    created[Arg(i)!.GetValue<string>()] = Arg(i + 1);
                }

                return created;
            case "if":
                return Arg(0)!.GetValue<bool>() ? Arg(1) : Arg(2);
            case "true":
                return JsonValue.Create(true);
            case "false":
                return JsonValue.Create(false);
            case "null":
                return null;
            case "not":
                return JsonValue.Create(!Arg(0)!.GetValue<bool>());
            case "empty":
                return JsonValue.Create(Arg(0) switch { null => true, JsonArray a => a.Count == 0, JsonObject o => o.Count == 0, var v => Text(v).Length == 0 });
            case "contains":
                var container = Arg(0);
                var item = Arg(1);
                return JsonValue.Create(container switch
                {
                    JsonObject o => o.ContainsKey(Text(item)),
                    JsonArray a => a.Any(e => JsonNode.DeepEquals(e, item)),
                    var s => Text(s).Contains(Text(item), StringComparison.OrdinalIgnoreCase),
                });
            case "string":
                return JsonValue.Create(Arg(0) is JsonValue sv && sv.TryGetValue<bool>(out var b) ? (b ? "True" : "False") : Text(Arg(0)));
            case "format":
                var args = call.Args.Skip(1).Select(a => (object)Text(Eval(a))).ToArray();
                return JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Text(Arg(0)), args));
            case "items":
                return new JsonArray(Arg(0)!.AsObject().OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(kv => (JsonNode)new JsonObject { ["key"] = kv.Key, ["value"] = kv.Value?.DeepClone() }).ToArray());
            case "filter":
                return new JsonArray(Arg(0)!.AsArray().Where(e => Apply((Call)call.Args[1], e)!.GetValue<bool>()).Select(e => e?.DeepClone()).ToArray());
            case "map":
                return new JsonArray(Arg(0)!.AsArray().Select(e => Apply((Call)call.Args[1], e)).ToArray());
            default:
                return JsonValue.Create($"<{call.Name}(…)>");
        }
    }

    private JsonNode? Apply(Call lambda, JsonNode? element)
    {
        var name = Eval(lambda.Args[0])!.GetValue<string>();
        lambdaVariables[name] = element;
        try
        {
            return Eval(lambda.Args[1]);
        }
        finally
        {
            lambdaVariables.Remove(name);
        }
    }

    private JsonNode? Default(string name)
        => template.GetProperty("parameters").TryGetProperty(name, out var declared) && declared.TryGetProperty("defaultValue", out var d)
            ? Evaluate(JsonNode.Parse(d.GetRawText()))
            : null;

    private static string Text(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private abstract record Node;

    private sealed record Literal(JsonNode? Value) : Node;

    private sealed record Call(string Name, IReadOnlyList<Node> Args) : Node;

    private sealed record Member(Node Target, string Name) : Node;

    private sealed record Index(Node Target, Node Key) : Node;

    private sealed class Parser(string text)
    {
        private int position;

        public Node ParseAll()
        {
            var node = ParseExpression();
            Skip();
            return position == text.Length ? node : throw new FormatException($"Unexpected '{text[position..]}' in [{text}]");
        }

        private Node ParseExpression()
        {
            Skip();
            Node node;
            if (text[position] == '\'')
            {
                node = new Literal(JsonValue.Create(ReadString()));
            }
            else if (char.IsDigit(text[position]) || text[position] == '-')
            {
                var start = position++;
                while (position < text.Length && char.IsDigit(text[position]))
                {
                    position++;
                }

                node = new Literal(JsonValue.Create(double.Parse(text[start..position], CultureInfo.InvariantCulture)));
            }
            else
            {
                var name = ReadName();
                {
                    Expect('(');
                    var args = new List<Node>();
                    Skip();
                    while (text[position] != ')')
                    {
                        args.Add(ParseExpression());
                        Skip();
                        if (text[position] == ',')
                        {
                            position++;
                        }
                    }

                    position++;
                    node = new Call(name, args);
                }
            }

            while (position < text.Length && (text[position] == '.' || text[position] == '['))
            {
                if (text[position++] == '.')
                {
                    node = new Member(node, ReadName());
                }
                else
                {
                    var key = ParseExpression();
                    Expect(']');
                    node = new Index(node, key);
                }
            }

            return node;
        }

        private string ReadString()
        {
            var value = new StringBuilder();
            position++;
            while (true)
            {
                if (text[position] == '\'')
                {
                    if (position + 1 < text.Length && text[position + 1] == '\'')
                    {
                        value.Append('\'');
                        position += 2;
                        continue;
                    }

                    position++;
                    return value.ToString();
                }

                value.Append(text[position++]);
            }
        }

        private string ReadName()
        {
            var start = position;
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            return position > start ? text[start..position] : throw new FormatException($"Expected a name at {position} in [{text}]");
        }

        private void Expect(char c)
        {
            Skip();
            if (text[position++] != c)
            {
                throw new FormatException($"Expected '{c}' at {position - 1} in [{text}]");
            }
        }

        private void Skip()
        {
            while (position < text.Length && text[position] == ' ')
            {
                position++;
            }
        }
    }
}
