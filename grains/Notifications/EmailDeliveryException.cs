namespace AloeOrleans.Grains.Notifications;

/// <summary>An e-mail was not accepted: <see cref="Exception.Message"/> says why (SMTP reply or connection error), without credentials.</summary>
public sealed class EmailDeliveryException(string message, int? smtpStatus = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The SMTP reply code when the server answered, e.g. 550; null when it could not be reached.</summary>
    public int? SmtpStatus { get; } = smtpStatus;
}
