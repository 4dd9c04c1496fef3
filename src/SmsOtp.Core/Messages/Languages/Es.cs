using K = SmsOtp.Core.Messages.Languages.PageTextKeys;

namespace SmsOtp.Core.Messages.Languages;

/// <summary>
/// Spanish, neutral between Spain and Latin America, informal "tú" as apps use. The SMS avoid "código"
/// (ó is not GSM-7) by wording: "Usa 123456 para ...".
/// </summary>
internal static class Es
{
    public static LanguagePack Pack { get; } = new(
        "es", "es", "ltr", "Spanish",
        PlainSms: "Usa {code} para verificar tu identidad. Caduca en {minutes} min. No lo compartas con nadie.",
        PaymentSms: "Usa {code} para pagar {amount} a {payee}. Caduca en {minutes} min. No lo compartas.",
        new Dictionary<string, string>
        {
            [K.AppName] = "Verificación de inicio de sesión",
            [K.CodeTitle] = "Escribe tu código de verificación",
            [K.CodeSentDigits] = "Te enviamos por SMS un código de {length} dígitos al {mobile}.",
            [K.CodeSentCharacters] = "Te enviamos por SMS un código de {length} caracteres al {mobile}.",
            [K.CodeLabel] = "Código de verificación",
            [K.CodeAttempts] = "Intentos restantes: {count}",
            [K.CodeSubmit] = "Verificar",
            [K.ResendWait] = "¿No lo recibiste? Podrás pedir un código nuevo en {seconds} s.",
            [K.ResendNow] = "¿No lo recibiste? Ya puedes pedir un código nuevo.",
            [K.ResendButton] = "Enviar un código nuevo",
            [K.BackupToggle] = "Usar un código de respaldo",
            [K.BackupLabel] = "Código de respaldo",
            [K.BackupSubmit] = "Verificar el código de respaldo",
            [K.NoticeCodeSent] = "Te enviamos un código nuevo.",
            [K.ErrorCodeEmpty] = "Escribe el código del SMS.",
            [K.ErrorCodeWrong] = "El código no es correcto. Revisa el SMS e inténtalo de nuevo.",
            [K.ErrorResendTooSoon] = "Espera {seconds} s antes de pedir un código nuevo.",
            [K.ErrorResendLimit] = "No se pueden enviar más códigos para este inicio de sesión.",
            [K.ErrorResendDisabled] = "No es posible enviar un código nuevo.",
            [K.MobileTitleCapture] = "Agrega tu número de teléfono móvil",
            [K.MobileTitleDirect] = "Escribe tu número de teléfono móvil",
            [K.MobileIntroCapture] = "Enviaremos un código a este número. Cuando escribas el código, el número se guardará en tu cuenta.",
            [K.MobileIntroDirect] = "Enviaremos un código de un solo uso a este número. Solo se usa para este inicio de sesión y no se guarda.",
            [K.MobileLabel] = "Número de teléfono móvil",
            [K.MobileHint] = "Incluye el código de país, por ejemplo +94 77 123 4567.",
            [K.MobileSubmit] = "Enviar código",
            [K.ErrorMobileEmpty] = "Escribe tu número de teléfono móvil.",
            [K.ErrorMobileInvalid] = "Este número de teléfono móvil no es válido. Incluye el código de país, por ejemplo +94 77 123 4567.",
            [K.ErrorCountryNotAllowed] = "No se pueden usar números con el código de país +{countryCode}.",
            [K.ErrorNumberTypeNotAllowed] = "Este número no puede recibir códigos. Usa un número de teléfono móvil.",
            [K.ErrorRateLimited] = "Se enviaron demasiados códigos recientemente. Inténtalo más tarde.",
            [K.ErrorDestinationSuspended] = "Por ahora no se pueden enviar códigos a este número. Inténtalo más tarde.",
            [K.ErrorTitle("expired")] = "Este código ha caducado",
            [K.ErrorText("expired")] = "El código o esta página de inicio de sesión ya no son válidos. Vuelve a iniciar sesión para recibir un código nuevo.",
            [K.ErrorTitle("attempts_exhausted")] = "Demasiados códigos incorrectos",
            [K.ErrorText("attempts_exhausted")] = "Este inicio de sesión no permite más intentos.",
            [K.ErrorTitle("locked")] = "Tu cuenta está bloqueada",
            [K.ErrorText("locked")] = "Hubo demasiadas verificaciones fallidas.",
            [K.ErrorTitle("delivery_failed")] = "No pudimos enviar el SMS",
            [K.ErrorText("delivery_failed")] = "No se pudo entregar el código a tu teléfono.",
            [K.ErrorTitle("consumed")] = "Este código ya se usó",
            [K.ErrorText("consumed")] = "Este inicio de sesión ya se completó.",
            [K.ErrorTitle("challenge_not_found")] = "Este inicio de sesión ya no es válido",
            [K.ErrorText("challenge_not_found")] = "Se reemplazó por un inicio de sesión más reciente o ya terminó. Vuelve a iniciar sesión.",
            [K.ErrorTitle("invalid_link")] = "Este enlace no es válido",
            [K.ErrorText("invalid_link")] = "El enlace de inicio de sesión está dañado o no lo emitió este servicio. Vuelve a iniciar sesión.",
            [K.ErrorTitle("bad_request")] = "No se pudo leer el formulario",
            [K.ErrorText("bad_request")] = "Vuelve atrás e inténtalo de nuevo.",
            [K.ErrorTitle("csrf_failed")] = "Tu sesión ha caducado",
            [K.ErrorText("csrf_failed")] = "No se pudo verificar el formulario. Abre de nuevo la página de inicio de sesión e inténtalo otra vez.",
            [K.ErrorTitle("service_unavailable")] = "Algo salió mal",
            [K.ErrorText("service_unavailable")] = "El servicio está ocupado. Espera un momento y vuelve a cargar la página.",
            [K.LockedUntil] = "Puedes volver a intentarlo después de {time}.",
            [K.ContinueMultiOption] = "Probar otra forma de iniciar sesión",
            [K.ContinueBack] = "Volver a {appName}",
        });
}
