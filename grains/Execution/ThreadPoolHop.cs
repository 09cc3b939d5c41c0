using System.Runtime.CompilerServices;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// <c>await ThreadPoolHop.Now;</c> continues the method on the thread pool. Remote I/O hops off the grain's
/// single-threaded scheduler this way: SSH.NET waits synchronously in places (channel open, the SFTP subsystem start),
/// and such a wait on a grain's scheduler would stall every call to the grain, reminders included. The caller's own
/// await still resumes on the grain's scheduler.
/// </summary>
public readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    public static ThreadPoolHop Now => default;

    public bool IsCompleted => false;

    public ThreadPoolHop GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(static state => ((Action)state!)(), continuation);

    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => ((Action)state!)(), continuation);
}
