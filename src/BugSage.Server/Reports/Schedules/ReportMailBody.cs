using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace BugSage.Server.Reports.Schedules;

/// <summary>
/// An HTML report as the body of the mail that carries it, so the reader sees the charts and tables without opening
/// the attachment. Mail clients (Gmail, Outlook) block data: URIs, so each chart moves into a related part that the
/// page names by cid:. Only the page's own chart attributes can match: every text in it is HTML-encoded, so a title
/// cannot hold a quote that would start a <c>src="data:</c> attribute.
/// </summary>
internal static partial class ReportMailBody
{
    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex InlinePng();

    /// <summary>Sets <paramref name="body"/>'s HTML to the report page with <paramref name="introHtml"/> at its top and its charts as related parts.</summary>
    public static void Carry(BodyBuilder body, byte[] reportHtml, string introHtml)
    {
        var html = Encoding.UTF8.GetString(reportHtml);
        var charts = 0;
        html = InlinePng().Replace(html, match =>
        {
            var part = body.LinkedResources.Add($"chart-{++charts}.png", Convert.FromBase64String(match.Groups[1].Value), new ContentType("image", "png"));
            part.ContentId = MimeUtils.GenerateMessageId();
            return $"src=\"cid:{part.ContentId}\"";
        });
        var bodyStart = html.IndexOf("<body>", StringComparison.Ordinal);
        body.HtmlBody = bodyStart < 0 ? introHtml + html : html.Insert(bodyStart + "<body>".Length, "\n" + introHtml);
    }
}
