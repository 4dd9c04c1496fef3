using K = SmsOtp.Core.Messages.Languages.PageTextKeys;

namespace SmsOtp.Core.Messages.Languages;

/// <summary>
/// Portuguese, worded to read naturally in Brazil and Portugal ("acesso" for sign-in, "telefone móvel",
/// passive "foi enviado"). The SMS avoid "código", "não" and "verificação" (ó, ã and ç are not GSM-7) by
/// wording: "Use 123456 para ...".
/// </summary>
internal static class Pt
{
    public static LanguagePack Pack { get; } = new(
        "pt", "pt", "ltr", "Portuguese",
        PlainSms: "Use {code} para confirmar o seu acesso. Expira em {minutes} min. Nunca o compartilhe com ninguém.",
        PaymentSms: "Use {code} para pagar {amount} a {payee}. Expira em {minutes} min. Nunca o compartilhe.",
        new Dictionary<string, string>
        {
            [K.AppName] = "Verificação de acesso",
            [K.CodeTitle] = "Insira o seu código de verificação",
            [K.CodeSentDigits] = "Foi enviado um código de {length} dígitos por SMS para {mobile}.",
            [K.CodeSentCharacters] = "Foi enviado um código de {length} caracteres por SMS para {mobile}.",
            [K.CodeLabel] = "Código de verificação",
            [K.CodeAttempts] = "Tentativas restantes: {count}",
            [K.CodeSubmit] = "Verificar",
            [K.ResendWait] = "Não recebeu? Poderá solicitar um novo código em {seconds} s.",
            [K.ResendNow] = "Não recebeu? Já pode solicitar um novo código.",
            [K.ResendButton] = "Enviar um novo código",
            [K.BackupToggle] = "Usar um código de backup",
            [K.BackupLabel] = "Código de backup",
            [K.BackupSubmit] = "Verificar o código de backup",
            [K.NoticeCodeSent] = "Foi enviado um novo código.",
            [K.ErrorCodeEmpty] = "Insira o código recebido por SMS.",
            [K.ErrorCodeWrong] = "Esse código não está correto. Verifique o SMS e tente novamente.",
            [K.ErrorResendTooSoon] = "Aguarde {seconds} s antes de solicitar um novo código.",
            [K.ErrorResendLimit] = "Não é possível enviar mais códigos para este acesso.",
            [K.ErrorResendDisabled] = "O envio de um novo código não está disponível.",
            [K.MobileTitleCapture] = "Adicione o seu número de telefone móvel",
            [K.MobileTitleDirect] = "Insira o seu número de telefone móvel",
            [K.MobileIntroCapture] = "Vamos enviar um código para este número. Depois de inserir o código, o número será guardado na sua conta.",
            [K.MobileIntroDirect] = "Vamos enviar um código de uso único para este número. É usado apenas neste acesso e não é guardado.",
            [K.MobileLabel] = "Número de telefone móvel",
            [K.MobileHint] = "Inclua o código do país, por exemplo +94 77 123 4567.",
            [K.MobileSubmit] = "Enviar código",
            [K.ErrorMobileEmpty] = "Insira o seu número de telefone móvel.",
            [K.ErrorMobileInvalid] = "Este número de telefone móvel não é válido. Inclua o código do país, por exemplo +94 77 123 4567.",
            [K.ErrorCountryNotAllowed] = "Não é possível usar números com o código de país +{countryCode}.",
            [K.ErrorNumberTypeNotAllowed] = "Este número não pode receber códigos. Use um número de telefone móvel.",
            [K.ErrorRateLimited] = "Foram enviados muitos códigos recentemente. Tente novamente mais tarde.",
            [K.ErrorDestinationSuspended] = "Neste momento não é possível enviar códigos para este número. Tente novamente mais tarde.",
            [K.ErrorTitle("expired")] = "Este código expirou",
            [K.ErrorText("expired")] = "O código ou esta página de acesso já não é válido. Inicie o acesso novamente para receber um novo código.",
            [K.ErrorTitle("attempts_exhausted")] = "Muitos códigos incorretos",
            [K.ErrorText("attempts_exhausted")] = "Este acesso não permite mais tentativas.",
            [K.ErrorTitle("locked")] = "A sua conta está bloqueada",
            [K.ErrorText("locked")] = "Houve muitas verificações sem sucesso.",
            [K.ErrorTitle("delivery_failed")] = "Não foi possível enviar o SMS",
            [K.ErrorText("delivery_failed")] = "Não foi possível entregar o código no seu telefone.",
            [K.ErrorTitle("consumed")] = "Este código já foi usado",
            [K.ErrorText("consumed")] = "Este acesso já foi concluído.",
            [K.ErrorTitle("challenge_not_found")] = "Este acesso já não é válido",
            [K.ErrorText("challenge_not_found")] = "Foi substituído por um acesso mais recente ou terminou. Inicie o acesso novamente.",
            [K.ErrorTitle("invalid_link")] = "Este link não é válido",
            [K.ErrorText("invalid_link")] = "O link de acesso está danificado ou não foi emitido por este serviço. Inicie o acesso novamente.",
            [K.ErrorTitle("bad_request")] = "Não foi possível ler o formulário",
            [K.ErrorText("bad_request")] = "Volte atrás e tente novamente.",
            [K.ErrorTitle("csrf_failed")] = "A sua sessão expirou",
            [K.ErrorText("csrf_failed")] = "Não foi possível verificar o formulário. Abra novamente a página de acesso e tente outra vez.",
            [K.ErrorTitle("service_unavailable")] = "Ocorreu um erro",
            [K.ErrorText("service_unavailable")] = "O serviço está sobrecarregado. Aguarde um momento e recarregue a página.",
            [K.LockedUntil] = "Pode tentar novamente depois de {time}.",
            [K.ContinueMultiOption] = "Usar outra forma de acesso",
            [K.ContinueBack] = "Voltar para {appName}",
        });
}
