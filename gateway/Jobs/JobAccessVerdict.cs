namespace AloeOrleans.Gateway.Jobs;

/// <summary>The answer of <see cref="JobAccessRule"/>: go ahead, 403 (the caller sees the job but may not do this), or 404.</summary>
public enum JobAccessVerdict
{
    Allowed,

    /// <summary>The caller may see the job, so saying it exists reveals nothing; they lack the right asked for.</summary>
    Forbidden,

    /// <summary>The caller may not even see the job: the answer is the same as for a job that does not exist.</summary>
    NotFound,
}
