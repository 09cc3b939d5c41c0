namespace AloeOrleans.Grains.Submission;

/// <summary>A notification subscription of a submission: event (a status name or <c>*</c>), URL or e-mail address, persistence.</summary>
public sealed record NotificationRequest(string Event, string Url, bool Persistent);
