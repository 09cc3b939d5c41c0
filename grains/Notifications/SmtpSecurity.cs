namespace AloeOrleans.Grains.Notifications;

/// <summary>How the connection to the SMTP server is protected (<c>Aloe:Smtp:Security</c>; docs/configuration.md).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP: only for a server on the same host or a trusted network.</summary>
    None,

    /// <summary>STARTTLS, required: a server that does not offer it is an error.</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, plain otherwise.</summary>
    StartTlsWhenAvailable,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    SslOnConnect,
}
