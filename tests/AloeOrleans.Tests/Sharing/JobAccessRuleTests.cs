using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Grains.Sharing;
using Xunit;

namespace AloeOrleans.Tests.Sharing;

/// <summary>The whole access rule: every kind of caller against every right.</summary>
public sealed class JobAccessRuleTests
{
    public enum Role
    {
        Owner,
        Admin,
        AdminWhoIsAlsoGrantee,
        ReadGrantee,
        WriteGrantee,
        Nobody,
    }

    public static TheoryData<Role, JobRight, JobAccessVerdict> Matrix() => new()
    {
        { Role.Owner, JobRight.Read, JobAccessVerdict.Allowed },
        { Role.Owner, JobRight.Write, JobAccessVerdict.Allowed },
        { Role.Owner, JobRight.Manage, JobAccessVerdict.Allowed },
        { Role.Admin, JobRight.Read, JobAccessVerdict.Allowed },
        { Role.Admin, JobRight.Write, JobAccessVerdict.Allowed },
        { Role.Admin, JobRight.Manage, JobAccessVerdict.Allowed },
        { Role.AdminWhoIsAlsoGrantee, JobRight.Write, JobAccessVerdict.Allowed },
        { Role.AdminWhoIsAlsoGrantee, JobRight.Manage, JobAccessVerdict.Allowed },
        { Role.ReadGrantee, JobRight.Read, JobAccessVerdict.Allowed },
        { Role.ReadGrantee, JobRight.Write, JobAccessVerdict.Forbidden },
        { Role.ReadGrantee, JobRight.Manage, JobAccessVerdict.Forbidden },
        { Role.WriteGrantee, JobRight.Read, JobAccessVerdict.Allowed },
        { Role.WriteGrantee, JobRight.Write, JobAccessVerdict.Allowed },
        { Role.WriteGrantee, JobRight.Manage, JobAccessVerdict.Forbidden },
        { Role.Nobody, JobRight.Read, JobAccessVerdict.NotFound },
        { Role.Nobody, JobRight.Write, JobAccessVerdict.NotFound },
        { Role.Nobody, JobRight.Manage, JobAccessVerdict.NotFound },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_caller_gets_what_their_role_allows(Role role, JobRight right, JobAccessVerdict expected)
    {
        var (isOwner, isAdmin, grant) = role switch
        {
            Role.Owner => (true, false, JobPermission.None),
            Role.Admin => (false, true, JobPermission.None),
            Role.AdminWhoIsAlsoGrantee => (false, true, JobPermission.ReadOnly),
            Role.ReadGrantee => (false, false, JobPermission.ReadOnly),
            Role.WriteGrantee => (false, false, JobPermission.ReadWrite),
            _ => (false, false, JobPermission.None),
        };

        Assert.Equal(expected, JobAccessRule.Decide(right, isOwner, isAdmin, grant));
    }

    [Fact]
    public void The_matrix_covers_every_right()
    {
        var covered = Matrix().Select(row => (JobRight)row[1]).ToHashSet();
        Assert.Equal(Enum.GetValues<JobRight>().ToHashSet(), covered);
    }

    [Fact]
    public void Forbidden_messages_name_the_job_and_what_is_missing()
    {
        Assert.Contains("WRITE", JobAccessRule.ForbiddenMessage("j-1", JobRight.Write), StringComparison.Ordinal);
        Assert.Contains("j-1", JobAccessRule.ForbiddenMessage("j-1", JobRight.Write), StringComparison.Ordinal);
        Assert.Contains("owner", JobAccessRule.ForbiddenMessage("j-1", JobRight.Manage), StringComparison.Ordinal);
    }
}
