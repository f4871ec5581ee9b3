using System.Text.Json;

namespace TrackingFunctions.Infra.Tests;

/// <summary>The operations workbook and the alerts that read the app's (unsampled) metrics, on the compiled ARM.</summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed class ObservabilityTests(CompiledTemplateFixture template)
{
    /// <summary>Instrument names as the app defines them (TrackingMetrics, AfterShipCallMetrics).</summary>
    public static TheoryData<string, string> ChartedMetrics() => new()
    {
        { "trackingfunctions.webhooks", "outcome" },
        { "trackingfunctions.commands", "outcome" },
        { "aftership.attempts", "endpoint" },
        { "aftership.rate_limited", "endpoint" },
        { "aftership.retries", "endpoint" },
        { "trackingfunctions.refresh.lag", "" },
        { "trackingfunctions.dead_letters", "" },
        { "trackingfunctions.import.trackings", "" },
        { "trackingfunctions.attention", "cause" },
    };

    private ArmTemplate Alerts => template.Main.Module("alerts");

    private ArmTemplate Workbook => template.Main.Module("workbook");

    [Fact]
    public void Workbook_IsASharedWorkbookOverApplicationInsights()
    {
        var workbook = template.Main.SingleOfType("Microsoft.Insights/workbooks");

        Assert.Equal("shared", workbook.Element.GetProperty("kind").GetString());
        Assert.Equal("workbook", workbook.Text("properties.category"));
        Assert.Contains("Microsoft.Insights/components", workbook.Text("properties.sourceId"), StringComparison.Ordinal);
        Assert.StartsWith("[guid(", workbook.RawName, StringComparison.Ordinal);
        var data = workbook.Text("properties.serializedData")!;
        Assert.StartsWith("[string(", data, StringComparison.Ordinal);
        Assert.Contains("'Notebook/1.0'", data, StringComparison.Ordinal);
        Assert.Contains("variables('items')", data, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ChartedMetrics))]
    public void Workbook_ChartsTheMetric_SplitByItsDimension(string metric, string dimension)
    {
        var chart = Assert.Single(Workbook.Variable("charts").EnumerateArray(), c => c.GetProperty("metric").GetString() == metric);

        Assert.Equal(dimension, chart.GetProperty("dimension").GetString());
        Assert.False(string.IsNullOrWhiteSpace(chart.GetProperty("title").GetString()));
    }

    [Fact]
    public void Workbook_Items_AreKqlTimechartsOverCustomMetrics()
    {
        var copy = Assert.Single(Workbook.Root.GetProperty("variables").GetProperty("copy").EnumerateArray());
        var content = copy.GetProperty("input").GetProperty("content");

        Assert.Equal("items", copy.GetProperty("name").GetString());
        Assert.Equal("[length(variables('charts'))]", copy.GetProperty("count").GetString());
        Assert.Equal(3, copy.GetProperty("input").GetProperty("type").GetInt32());
        Assert.Equal("KqlItem/1.0", content.GetProperty("version").GetString());
        Assert.Equal("timechart", content.GetProperty("visualization").GetString());
        Assert.Contains("customMetrics | where name ==", content.GetProperty("query").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dead-letters", "trackingfunctions.dead_letters", "Total")]
    [InlineData("refresh-lag", "trackingfunctions.refresh.lag", "Maximum")]
    [InlineData("aftership-429", "aftership.rate_limited", "Total")]
    [InlineData("subscription-disabled", "trackingfunctions.subscriptions.disabled", "Total")]
    public void Alerts_CustomMetric_IsDefined(string key, string metric, string aggregation)
    {
        var alert = Assert.Single(Alerts.Variable("customMetricAlerts").EnumerateArray(), a => a.GetProperty("key").GetString() == key);

        Assert.Equal(metric, alert.GetProperty("metricName").GetString());
        Assert.Equal(aggregation, alert.GetProperty("timeAggregation").GetString());
        Assert.False(string.IsNullOrWhiteSpace(alert.GetProperty("description").GetString()));
    }

    [Fact]
    public void Alerts_CustomMetric_AreMetricAlertsOnTheComponent_ThatNeedNoTraceAndNoDimension()
    {
        var alert = Assert.Single(template.Main.OfType("Microsoft.Insights/metricAlerts"), a => a.Element.TryGetProperty("copy", out _));
        var criterion = alert.Get("properties.criteria.allOf")!.Value[0];

        Assert.Equal("[length(variables('customMetricAlerts'))]", alert.Element.GetProperty("copy").GetProperty("count").GetString());
        Assert.Equal("azure.applicationinsights", criterion.GetProperty("metricNamespace").GetString());
        Assert.Equal("[variables('customMetricAlerts')[copyIndex()].metricName]", criterion.GetProperty("metricName").GetString());
        Assert.Equal("GreaterThan", criterion.GetProperty("operator").GetString());
        Assert.Equal(JsonValueKind.True, criterion.GetProperty("skipMetricValidation").ValueKind);
        Assert.False(criterion.TryGetProperty("dimensions", out _), "A dimension filter needs 'alerting on custom metric dimensions' on the component.");
        Assert.Contains("Microsoft.Insights/components", alert.Text("properties.scopes"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.True, alert.Get("properties.enabled")?.ValueKind);
    }

    [Fact]
    public void Alerts_NoneReadsSampledTraces()
    {
        Assert.DoesNotContain(
            template.Main.OfType("Microsoft.Insights/scheduledQueryRules"),
            rule => rule.Element.GetRawText().Contains("traces", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("refreshLagAlertSeconds", 3600)]
    [InlineData("rateLimitedAlertThreshold", 50)]
    public void Alerts_Thresholds_AreParametersWithDefaults(string parameter, int defaultValue)
    {
        Assert.Equal(defaultValue, Alerts.Parameter(parameter).GetProperty("defaultValue").GetInt32());
        Assert.Contains(
            Alerts.Variable("customMetricAlerts").EnumerateArray(),
            a => a.GetProperty("threshold").ValueKind == JsonValueKind.String && a.GetProperty("threshold").GetString() == $"[parameters('{parameter}')]");
    }
}
