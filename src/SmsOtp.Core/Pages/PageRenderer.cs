using System.Globalization;
using System.Text.Encodings.Web;
using System.Text;

namespace SmsOtp.Core.Pages;

/// <summary>
/// Renders the three pages as plain HTML: forms that work without JavaScript, every input labelled,
/// messages in live regions, one external stylesheet and one external script (no inline code, so the
/// Content-Security-Policy can forbid it). Every dynamic value is HTML-encoded.
/// </summary>
internal static class PageRenderer
{
    public static string Code(PageFrame f, CodePageModel m)
    {
        var b = new StringBuilder();
        b.Append("<h2>Enter your verification code</h2>");
        b.Append("<p>We sent a ").Append(m.CodeLength.ToString(CultureInfo.InvariantCulture))
            .Append(m.Alphanumeric ? "-character" : "-digit").Append(" code by SMS to <strong class=\"nowrap\">")
            .Append(E(m.MaskedMobile)).Append("</strong>.</p>");
        Messages(b, m.Notice, m.Error);

        Form(b, f, "otp/verify", "verify-form");
        b.Append("<label for=\"code\">Verification code</label>");
        b.Append("<input id=\"code\" name=\"code\" type=\"text\" autocomplete=\"one-time-code\" required autofocus")
            .Append(m.Alphanumeric ? " inputmode=\"text\" autocapitalize=\"characters\"" : " inputmode=\"numeric\" pattern=\"[0-9]*\"")
            .Append(" maxlength=\"").Append(m.CodeLength.ToString(CultureInfo.InvariantCulture)).Append("\" spellcheck=\"false\"")
            .Append(" aria-describedby=\"attempts").Append(m.Error is null ? "" : " error").Append('"')
            .Append(m.Error is null ? "" : " aria-invalid=\"true\"").Append('>');
        b.Append("<p id=\"attempts\" class=\"hint\">").Append(Plural(m.AttemptsRemaining, "attempt")).Append(" remaining.</p>");
        b.Append("<button type=\"submit\">Verify</button></form>");

        if (m.ResendAllowed)
        {
            Form(b, f, "otp/resend", "resend-form");
            var wait = m.ResendWaitSeconds.ToString(CultureInfo.InvariantCulture);
            b.Append("<p class=\"hint\" id=\"resend-hint\">Didn't get it? ");
            b.Append(m.ResendWaitSeconds > 0
                ? "You can ask for a new code in <span id=\"resend-wait\">" + wait + "</span> seconds."
                : "You can ask for a new code now.");
            b.Append("</p><button type=\"submit\" class=\"secondary\" id=\"resend\" data-wait=\"").Append(wait)
                .Append("\" aria-describedby=\"resend-hint\">Send a new code</button></form>");
        }

        if (m.BackupCodes)
        {
            b.Append("<details><summary>Use a backup code</summary>");
            Form(b, f, "otp/verify", "backup-form");
            b.Append("<label for=\"backup\">Backup code</label>");
            b.Append("<input id=\"backup\" name=\"code\" type=\"text\" inputmode=\"text\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" maxlength=\"32\" required>");
            b.Append("<button type=\"submit\">Verify backup code</button></form></details>");
        }

        return Layout(f, "Enter your verification code", b.ToString(), script: true);
    }

    public static string Mobile(PageFrame f, MobilePageModel m)
    {
        var b = new StringBuilder();
        b.Append(m.Capture ? "<h2>Add your mobile number</h2>" : "<h2>Enter your mobile number</h2>");
        b.Append(m.Capture
            ? "<p>We will send a code to this number. Once you enter the code, the number is saved to your account.</p>"
            : "<p>We will send a one-time code to this number. It is used for this sign-in only and not saved.</p>");
        Messages(b, null, m.Error);
        Form(b, f, "otp/mobile", "mobile-form");
        b.Append("<label for=\"mobile\">Mobile number</label>");
        b.Append("<input id=\"mobile\" name=\"mobile\" type=\"tel\" autocomplete=\"tel\" inputmode=\"tel\" maxlength=\"32\" required autofocus")
            .Append(" aria-describedby=\"mobile-hint").Append(m.Error is null ? "" : " error").Append('"')
            .Append(m.Error is null ? "" : " aria-invalid=\"true\"").Append('>');
        b.Append("<p id=\"mobile-hint\" class=\"hint\">Include the country code, for example +94 77 123 4567.</p>");
        b.Append("<button type=\"submit\">Send code</button></form>");
        return Layout(f, "Enter your mobile number", b.ToString(), script: false);
    }

    public static string Error(PageFrame f, ErrorPageModel m)
    {
        var b = new StringBuilder();
        b.Append("<h2>").Append(E(m.Title)).Append("</h2>");
        b.Append("<div id=\"error\" role=\"alert\" class=\"error\" data-status=\"").Append(E(m.Status)).Append("\"><p>").Append(E(m.Text));
        if (m.LockedUntil is { } until)
        {
            var utc = until.ToUniversalTime();
            b.Append(" You can try again after <time datetime=\"").Append(utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                .Append("\">").Append(utc.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</time>.");
        }

        b.Append("</p></div>");
        if (m.ContinueUrl is { } url)
        {
            b.Append("<p><a class=\"button\" id=\"continue\" href=\"").Append(E(url)).Append("\">")
                .Append(m.MultiOption ? "Try another way to sign in" : "Back to " + E(f.AppName)).Append("</a></p>");
        }

        return Layout(f, m.Title, b.ToString(), script: false);
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
        b.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
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

    private static string Plural(int n, string word) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + word + (n == 1 ? "" : "s");

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
