namespace AloeOrleans.Grains.Notifications;

/// <summary>An e-mail notification as composed: subject, plain text body and an HTML body with the same fields.</summary>
public sealed record EmailContent(string Subject, string TextBody, string HtmlBody);
