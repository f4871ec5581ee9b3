namespace TrackingFunctions.ShopperPage;

/// <summary>
/// The progress line as an ordered list: each step says in words whether it is done, current or still to come
/// (colour and marks only repeat it), and the current step carries <c>aria-current="step"</c>.
/// </summary>
internal static class ProgressHtml
{
    public static void Render(HtmlBuilder html, ShipmentView shipment, PageText text)
    {
        html.Markup("<ol class=\"progress\" aria-label=\"").Attribute(text["Progress_Label"]).Markup("\">\n");
        foreach (var step in DeliveryProgress.Steps(shipment))
        {
            var (css, state) = step.State switch
            {
                StepState.Done => ("done", "Step_Done"),
                StepState.Current => ("current", "Step_Current"),
                StepState.Problem => ("problem", "Step_Current"),
                _ => ("upcoming", "Step_Upcoming"),
            };
            html.Markup("<li class=\"step ").Markup(css).Markup(step.State is StepState.Current or StepState.Problem ? "\" aria-current=\"step\">" : "\">")
                .Markup("<span class=\"mark\" aria-hidden=\"true\"></span><span class=\"label\">").Text(text[step.LabelKey])
                .Markup("</span><span class=\"vh\"> (").Text(text[state]).Markup(")</span></li>\n");
        }

        html.Markup("</ol>\n");
    }
}
