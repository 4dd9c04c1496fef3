using System.Text.Json;

namespace SmsOtp.Core.Receipts;

/// <summary>
/// Reads a receipt as its provider sends it (docs/providers.md §9): the reports it holds, each with our reference,
/// the provider's message id, the status mapped to <see cref="ReceiptStatus"/> and the error code worth keeping.
/// Null when the receipt cannot be read as that provider's (400); an empty list when it holds no report (BulkSMS's
/// registration probe, a Clickatell event of another kind).
/// </summary>
public static class ReceiptParsers
{
    public static IReadOnlyList<ReceiptReport>? Parse(string? preset, ReceiptRequest request)
    {
        var reference = ReceiptFields.Query(request.Url)?.GetValueOrDefault("r");
        return preset switch
        {
            "twilio" => Twilio(request, reference),
            "vonage" => Vonage(request, reference),
            "plivo" => Plivo(request, reference),
            "clickatell" => Clickatell(request),
            "bulksms" => BulkSms(request),
            null => Generic(request, reference),
            _ => null,
        };
    }

    private static ReceiptReport[]? Twilio(ReceiptRequest request, string? reference) =>
        FormReport(ReceiptFields.Form(request), reference, "MessageSid", "SmsSid", "MessageStatus", "ErrorCode", raw => raw switch
        {
            "delivered" or "read" => ReceiptStatus.Delivered,
            "undelivered" => ReceiptStatus.Undelivered,
            "failed" or "canceled" => ReceiptStatus.Failed,
            _ => ReceiptStatus.Intermediate,
        });

    private static ReceiptReport[]? Vonage(ReceiptRequest request, string? reference) =>
        FormReport(string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase) ? ReceiptFields.Query(request.Url) : ReceiptFields.Body(request),
            reference, "messageId", null, "status", "err-code", raw => raw switch
            {
                "delivered" => ReceiptStatus.Delivered,
                "expired" or "failed" => ReceiptStatus.Undelivered,
                "rejected" => ReceiptStatus.Failed,
                _ => ReceiptStatus.Intermediate,
            });

    private static ReceiptReport[]? Plivo(ReceiptRequest request, string? reference) =>
        FormReport(ReceiptFields.Form(request), reference, "MessageUUID", null, "Status", "ErrorCode", raw => raw switch
        {
            "delivered" or "read" => ReceiptStatus.Delivered,
            "undelivered" => ReceiptStatus.Undelivered,
            "failed" or "rejected" => ReceiptStatus.Failed,
            _ => ReceiptStatus.Intermediate,
        });

    /// <summary>One report from flat fields (Twilio, Vonage, Plivo): the id (or its older name), the status mapped, the error code.</summary>
    private static ReceiptReport[]? FormReport(SortedDictionary<string, string>? fields, string? reference, string idField, string? oldIdField,
        string statusField, string errorField, Func<string, ReceiptStatus> map)
    {
        if (fields is null
            || (fields.GetValueOrDefault(idField) ?? (oldIdField is null ? null : fields.GetValueOrDefault(oldIdField))) is not { Length: > 0 } id
            || fields.GetValueOrDefault(statusField) is not { Length: > 0 } raw)
        {
            return null;
        }

        return [Report(reference, id, map(raw), fields.GetValueOrDefault(errorField), raw)];
    }

    /// <summary>The One API's <c>event.messageStatusUpdate</c> list, or the archived Platform API's single callback.</summary>
    private static ReceiptReport[]? Clickatell(ReceiptRequest request)
    {
        if (!ReceiptFields.IsJson(request) || ReceiptFields.Json(request) is not { ValueKind: JsonValueKind.Object } json)
        {
            return null;
        }

        if (json.TryGetProperty("event", out var envelope))
        {
            if (envelope.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!envelope.TryGetProperty("messageStatusUpdate", out var updates))
            {
                return []; // another kind of event (an inbound message, say): verified, nothing to apply
            }

            if (updates.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var reports = new List<ReceiptReport>();
            foreach (var update in updates.EnumerateArray())
            {
                if (ReceiptFields.Text(update, "messageId") is not { Length: > 0 } id || ReceiptFields.Text(update, "status") is not { Length: > 0 } raw)
                {
                    return null;
                }

                var code = ReceiptFields.Text(update, "statusCode");
                var status = raw switch
                {
                    "DEVICE_ACK" or "READ" => ReceiptStatus.Delivered,
                    "EXPIRED" or "DELIVERY_FAILURE" => ReceiptStatus.Undelivered,
                    "STOPPED_BY_USER" or "STOPPED_BY_ADMIN" or "INSUFFICIENT_ACCOUNT_BALANCE" or "RECIPIENT_DOES_NOT_EXIST" or "ROUTING_ERROR" => ReceiptStatus.Failed,
                    _ when raw.StartsWith("VOLUME_LIMIT", StringComparison.Ordinal) => ReceiptStatus.Failed,
                    _ => ReceiptStatus.Intermediate,
                };
                reports.Add(Report(ReceiptFields.Text(update, "clientMessageId"), id, status, status == ReceiptStatus.Delivered ? null : code, raw));
            }

            return [.. reports];
        }

        // Platform API: {"messageId", "clientMessageId", "status", "statusCode", …}; codes 004 received, 007/010 not delivered, 005/006/009/012/014 refused.
        if (ReceiptFields.Text(json, "messageId") is not { Length: > 0 } messageId || ReceiptFields.Integer(ReceiptFields.Text(json, "statusCode")) is not { } statusCode)
        {
            return null;
        }

        var platform = statusCode switch
        {
            4 => ReceiptStatus.Delivered,
            7 or 10 => ReceiptStatus.Undelivered,
            5 or 6 or 9 or 12 or 14 => ReceiptStatus.Failed,
            _ => ReceiptStatus.Intermediate,
        };
        return [Report(ReceiptFields.Text(json, "clientMessageId"), messageId, platform, platform == ReceiptStatus.Delivered ? null : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReceiptFields.Text(json, "status") ?? ReceiptFields.Text(json, "statusCode")!)];
    }

    /// <summary>BulkSMS posts an array of message objects (an empty one when the webhook is registered).</summary>
    private static ReceiptReport[]? BulkSms(ReceiptRequest request)
    {
        if (!ReceiptFields.IsJson(request) || ReceiptFields.Json(request) is not { ValueKind: JsonValueKind.Array } json)
        {
            return null;
        }

        var reports = new List<ReceiptReport>();
        foreach (var message in json.EnumerateArray())
        {
            if (ReceiptFields.Text(message, "id") is not { Length: > 0 } id
                || !message.TryGetProperty("status", out var state) || ReceiptFields.Text(state, "type") is not { Length: > 0 } type)
            {
                return null;
            }

            var subtype = ReceiptFields.Text(state, "subtype");
            var status = (type, subtype) switch
            {
                ("DELIVERED", _) => ReceiptStatus.Delivered,
                ("FAILED", "EXPIRED" or "HANDSET_ERROR") => ReceiptStatus.Undelivered,
                ("FAILED", _) => ReceiptStatus.Failed,
                _ => ReceiptStatus.Intermediate,
            };
            reports.Add(Report(ReceiptFields.Text(message, "userSuppliedId"), id, status, status == ReceiptStatus.Delivered ? null : subtype, type));
        }

        return [.. reports];
    }

    /// <summary>A raw template's receipts: <c>status</c>, optional <c>messageId</c> and <c>errorCode</c>, as a form or flat JSON.</summary>
    private static ReceiptReport[]? Generic(ReceiptRequest request, string? reference)
    {
        if (ReceiptFields.Body(request) is not { } fields || fields.GetValueOrDefault("status") is not { Length: > 0 } raw)
        {
            return null;
        }

        var status = raw.ToLowerInvariant() switch
        {
            "delivered" => ReceiptStatus.Delivered,
            "undelivered" => ReceiptStatus.Undelivered,
            "failed" => ReceiptStatus.Failed,
            _ => ReceiptStatus.Intermediate,
        };
        return [Report(reference ?? fields.GetValueOrDefault("reference"), fields.GetValueOrDefault("messageId"), status, fields.GetValueOrDefault("errorCode"), raw)];
    }

    private static ReceiptReport Report(string? reference, string? id, ReceiptStatus status, string? errorCode, string raw) =>
        new(reference, id, status, status is ReceiptStatus.Undelivered or ReceiptStatus.Failed ? ReceiptFields.ErrorCode(errorCode) : null, raw);
}
