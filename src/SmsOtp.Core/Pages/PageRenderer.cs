using System.Text.Encodings.Web;
using System.Text.Unicode;

using K = SmsOtp.Core.Messages.Languages.PageTextKeys;

namespace SmsOtp.Core.Pages;

/// <summary>
/// Renders the three pages as plain HTML in the page's language (<see cref="PageTexts"/>: <c>lang</c>,
/// <c>dir="rtl"</c> for Arabic): forms that work without JavaScript, every input labelled, messages in live
/// regions, one external stylesheet and one external script (no inline code, so the Content-Security-Policy
/// can forbid it). Every text and dynamic value is HTML-encoded (letters of every script pass as they are);
/// the masked number is isolated (<c>bdi</c>) so it reads left to right on a right-to-left page.
/// </summary>
internal static class PageRenderer
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Code(PageFrame f, CodePageModel m)
    {
        var t = f.Texts;
        var b = new StringBuilder();
        b.Append("<h2>").Append(E(t[K.CodeTitle])).Append("</h2>");
        b.Append("<p>").Append(Fill(t[m.Alphanumeric ? K.CodeSentCharacters : K.CodeSentDigits],
            ("length", m.CodeLength.ToString(CultureInfo.InvariantCulture)),
            ("mobile", "<strong class=\"nowrap\"><bdi dir=\"ltr\">" + E(m.MaskedMobile) + "</bdi></strong>"))).Append("</p>");
        Messages(b, m.Notice, m.Error);

        Form(b, f, "otp/verify", "verify-form");
        b.Append("<label for=\"code\">").Append(E(t[K.CodeLabel])).Append("</label>");
        b.Append("<input id=\"code\" name=\"code\" type=\"text\" autocomplete=\"one-time-code\" required autofocus")
            .Append(m.Alphanumeric ? " inputmode=\"text\" autocapitalize=\"characters\"" : " inputmode=\"numeric\" pattern=\"[0-9]*\"")
            .Append(" maxlength=\"").Append(m.CodeLength.ToString(CultureInfo.InvariantCulture)).Append("\" spellcheck=\"false\" dir=\"ltr\"")
            .Append(" aria-describedby=\"attempts").Append(m.Error is null ? "" : " error").Append('"')
            .Append(m.Error is null ? "" : " aria-invalid=\"true\"").Append('>');
        b.Append("<p id=\"attempts\" class=\"hint\">")
            .Append(Fill(Counted(t, K.CodeAttempts, m.AttemptsRemaining), ("count", m.AttemptsRemaining.ToString(CultureInfo.InvariantCulture))))
            .Append("</p>");
        RememberDevice(b, t, m, "remember");
        b.Append("<button type=\"submit\">").Append(E(t[K.CodeSubmit])).Append("</button></form>");

        if (m.ResendAllowed)
        {
            Form(b, f, "otp/resend", "resend-form");
            var wait = m.ResendWaitSeconds.ToString(CultureInfo.InvariantCulture);
            b.Append("<p class=\"hint\" id=\"resend-hint\">");
            b.Append(m.ResendWaitSeconds > 0
                ? Fill(t[K.ResendWait], ("seconds", "<span id=\"resend-wait\">" + wait + "</span>"))
                : E(t[K.ResendNow]));
            b.Append("</p><button type=\"submit\" class=\"secondary\" id=\"resend\" data-wait=\"").Append(wait)
                .Append("\" data-now=\"").Append(E(t[K.ResendNow])).Append("\" aria-describedby=\"resend-hint\">")
                .Append(E(t[K.ResendButton])).Append("</button></form>");
        }

        if (m.BackupCodes)
        {
            b.Append("<details><summary>").Append(E(t[K.BackupToggle])).Append("</summary>");
            Form(b, f, "otp/verify", "backup-form");
            b.Append("<label for=\"backup\">").Append(E(t[K.BackupLabel])).Append("</label>");
            b.Append("<input id=\"backup\" name=\"code\" type=\"text\" inputmode=\"text\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" maxlength=\"32\" dir=\"ltr\" required>");
            RememberDevice(b, t, m, "remember-backup");
            b.Append("<button type=\"submit\">").Append(E(t[K.BackupSubmit])).Append("</button></form></details>");
        }

        return Layout(f, t[K.CodeTitle], b.ToString(), script: true);
    }

    /// <summary>Spec §15.1's checkbox, in each form that verifies (the code and the backup code); off until ticked.</summary>
    private static void RememberDevice(StringBuilder b, PageTexts t, CodePageModel m, string id)
    {
        if (m.OfferRememberDevice)
        {
            b.Append("<p class=\"check\"><input id=\"").Append(id).Append("\" name=\"rememberDevice\" type=\"checkbox\" value=\"true\"><label for=\"")
                .Append(id).Append("\">").Append(E(t[K.RememberDevice])).Append("</label></p>");
        }
    }

    public static string Mobile(PageFrame f, MobilePageModel m)
    {
        var t = f.Texts;
        var title = t[m.Capture ? K.MobileTitleCapture : K.MobileTitleDirect];
        var b = new StringBuilder();
        b.Append("<h2>").Append(E(title)).Append("</h2>");
        b.Append("<p>").Append(E(t[m.Capture ? K.MobileIntroCapture : K.MobileIntroDirect])).Append("</p>");
        Messages(b, null, m.Error);
        Form(b, f, "otp/mobile", "mobile-form");
        b.Append("<label for=\"mobile\">").Append(E(t[K.MobileLabel])).Append("</label>");
        b.Append("<input id=\"mobile\" name=\"mobile\" type=\"tel\" autocomplete=\"tel\" inputmode=\"tel\" maxlength=\"32\" required autofocus dir=\"ltr\"")
            .Append(" aria-describedby=\"mobile-hint").Append(m.Error is null ? "" : " error").Append('"')
            .Append(m.Error is null ? "" : " aria-invalid=\"true\"").Append('>');
        b.Append("<p id=\"mobile-hint\" class=\"hint\">").Append(E(t[K.MobileHint])).Append("</p>");
        b.Append("<button type=\"submit\">").Append(E(t[K.MobileSubmit])).Append("</button></form>");
        return Layout(f, title, b.ToString(), script: false);
    }

    public static string Error(PageFrame f, ErrorPageModel m)
    {
        var t = f.Texts;
        var title = t[K.ErrorTitle(m.Status)];
        var b = new StringBuilder();
        b.Append("<h2>").Append(E(title)).Append("</h2>");
        b.Append("<div id=\"error\" role=\"alert\" class=\"error\" data-status=\"").Append(E(m.Status)).Append("\"><p>").Append(E(t[K.ErrorText(m.Status)]));
        if (m.LockedUntil is { } until)
        {
            var utc = until.ToUniversalTime();
            var time = "<time datetime=\"" + utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\">"
                + E(PageTexts.FormatTime(utc)) + "</time>";
            b.Append(' ').Append(Fill(t[K.LockedUntil], ("time", time)));
        }

        b.Append("</p></div>");
        if (m.ContinueUrl is { } url)
        {
            b.Append("<p><a class=\"button\" id=\"continue\" href=\"").Append(E(url)).Append("\">")
                .Append(m.MultiOption ? E(t[K.ContinueMultiOption]) : Fill(t[K.ContinueBack], ("appName", E(f.AppName)))).Append("</a></p>");
        }

        return Layout(f, title, b.ToString(), script: false);
    }

    private static void Messages(StringBuilder b, string? notice, string? error)
    {
        // Present from the start so screen readers announce what a form post changed.
        b.Append("<p id=\"notice\" role=\"status\" class=\"notice\"").Append(notice is null ? " hidden>" : ">").Append(E(notice ?? "")).Append("</p>");
        b.Append("<p id=\"error\" role=\"alert\" class=\"error\"").Append(error is null ? " hidden>" : ">").Append(E(error ?? "")).Append("</p>");
    }

    private static void Form(StringBuilder b, PageFrame f, string action, string id)
    {
        b.Append("<form method=\"post\" id=\"").Append(id).Append("\" action=\"").Append(E(f.Prefix + action)).Append("\">");
        b.Append("<input type=\"hidden\" name=\"flow\" value=\"").Append(E(f.Flow ?? "")).Append("\">");
        b.Append("<input type=\"hidden\" name=\"csrf\" value=\"").Append(E(f.Csrf ?? "")).Append("\">");
    }

    private static string Layout(PageFrame f, string title, string body, bool script)
    {
        var b = new StringBuilder(4096);
        b.Append("<!doctype html><html lang=\"").Append(E(f.Texts.Lang)).Append("\" dir=\"").Append(E(f.Texts.Dir)).Append("\"><head><meta charset=\"utf-8\">");
        b.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        b.Append("<meta name=\"referrer\" content=\"no-referrer\">");
        b.Append("<title>").Append(E(title)).Append(" · ").Append(E(f.AppName)).Append("</title>");
        b.Append("<link rel=\"stylesheet\" href=\"").Append(E(f.Prefix + PageAssets.StylesName)).Append("\">");
        if (script)
        {
            b.Append("<script src=\"").Append(E(f.Prefix + PageAssets.ScriptName)).Append("\" defer></script>");
        }

        b.Append("</head><body><main class=\"card\"><h1>").Append(E(f.AppName)).Append("</h1>");
        b.Append(body);
        b.Append("</main></body></html>");
        return b.ToString();
    }

    /// <summary>A text with a count: a language may give the singular its own text (<c>key.one</c>); the others word it without plurals.</summary>
    private static string Counted(PageTexts t, string key, int count) =>
        count == 1 && t.Texts.TryGetValue(key + ".one", out var one) ? one : t[key];

    /// <summary>Encodes the text, then puts already encoded values or markup in its placeholders.</summary>
    private static string Fill(string text, params (string Name, string Html)[] values)
    {
        var html = E(text);
        foreach (var (name, value) in values)
        {
            html = html.Replace(E("{" + name + "}"), value, StringComparison.Ordinal);
        }

        return html;
    }

    private static string E(string value) => Encoder.Encode(value);
}
