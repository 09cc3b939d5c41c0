using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// How a job looks in its notifications (docs/notifications.md): the values of the macros and e-mail fields, and the
/// webhook body, which is the job's JSON as <c>GET /jobs/v2/{id}</c> returns it. Provided by the gateway, which owns
/// the job's JSON and links.
/// </summary>
public interface INotificationView
{
    JobNotificationContext Context(JobRecord job, string eventName, string status);

    string WebhookBody(JobRecord job);
}
