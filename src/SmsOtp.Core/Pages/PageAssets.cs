namespace SmsOtp.Core.Pages;

/// <summary>
/// The pages' only assets, served by the service itself (no external hosts): a small stylesheet and the
/// script that adds WebOTP autofill and the resend countdown. The pages work without the script.
/// </summary>
internal static class PageAssets
{
    public const string StylesName = "pages.css";
    public const string ScriptName = "webotp.js";

    public const string Styles = """
        :root{color-scheme:light dark;--fg:#1b1f24;--bg:#f4f5f7;--card:#fff;--muted:#555d66;--accent:#0b57d0;--err:#b3261e;--ok:#146c2e;--line:#c4c8cd}
        @media (prefers-color-scheme:dark){:root{--fg:#e8eaed;--bg:#111315;--card:#1d2024;--muted:#a9b0b8;--accent:#8ab4f8;--err:#f2b8b5;--ok:#8fd19e;--line:#3c4043}}
        *{box-sizing:border-box}
        body{margin:0;min-height:100vh;display:flex;align-items:flex-start;justify-content:center;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:1rem}
        .card{width:100%;max-width:26rem;margin-top:6vh;background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1.5rem}
        h1{font-size:1rem;font-weight:600;color:var(--muted);margin:0 0 1rem}
        h2{font-size:1.4rem;margin:0 0 .5rem}
        p{margin:.5rem 0}
        form{margin:1rem 0}
        label{display:block;font-weight:600;margin-bottom:.25rem}
        .check{display:flex;gap:.5rem;align-items:center}.check label{display:inline;font-weight:400;margin:0}
        input[type=text],input[type=tel]{width:100%;font-size:1.4rem;padding:.6rem .75rem;border:1px solid var(--line);border-radius:.5rem;background:transparent;color:inherit}
        #code{letter-spacing:.3em;font-variant-numeric:tabular-nums}
        input[aria-invalid=true]{border-color:var(--err)}
        button,.button{display:inline-block;width:100%;margin-top:.75rem;padding:.7rem 1rem;font:inherit;font-weight:600;border:0;border-radius:.5rem;background:var(--accent);color:var(--card);cursor:pointer;text-align:center;text-decoration:none}
        button.secondary{background:transparent;color:var(--accent);border:1px solid var(--line)}
        button:disabled{opacity:.55;cursor:not-allowed}
        :focus-visible{outline:3px solid var(--accent);outline-offset:2px}
        .hint{color:var(--muted);font-size:.9rem}
        .error{color:var(--err);font-weight:600}
        .notice{color:var(--ok)}
        .nowrap{white-space:nowrap}
        details{margin-top:1rem;border-top:1px solid var(--line);padding-top:.75rem}
        summary{cursor:pointer;color:var(--accent)}
        """;

    public const string Script = """
        // Progressive enhancement only: every form works without this file.
        (function () {
          'use strict';
          var code = document.getElementById('code');
          // WebOTP: Chrome on Android reads an origin-bound SMS ("@host #123456") and fills the code.
          if (code && 'OTPCredential' in window && navigator.credentials) {
            var ac = new AbortController();
            code.form.addEventListener('submit', function () { ac.abort(); });
            navigator.credentials.get({ otp: { transport: ['sms'] }, signal: ac.signal })
              .then(function (otp) { if (otp && otp.code) { code.value = otp.code; code.form.submit(); } })
              .catch(function () { });
          }
          // Resend cooldown: disable the button and count down the seconds the server gave.
          var resend = document.getElementById('resend');
          var left = resend ? parseInt(resend.getAttribute('data-wait'), 10) || 0 : 0;
          var span = document.getElementById('resend-wait');
          if (resend && left > 0) {
            resend.disabled = true;
            var timer = setInterval(function () {
              left -= 1;
              if (span) { span.textContent = String(Math.max(left, 0)); }
              if (left <= 0) {
                clearInterval(timer);
                resend.disabled = false;
                var hint = document.getElementById('resend-hint');
                if (hint) { hint.textContent = resend.getAttribute('data-now') || ''; }
              }
            }, 1000);
          }
        })();
        """;
}
