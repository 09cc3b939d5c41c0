using AloeOrleans.Grains.Execution.Local;
using Xunit;

namespace AloeOrleans.Tests.Execution.Local;

public sealed class LocalJobIdentityTests
{
    [Theory]
    [InlineData("aloe-job:x:999:995:AloeOrleans LOCAL jobs:/nonexistent:/usr/sbin/nologin", "aloe-job", 999, 995)]
    [InlineData("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n", "nobody", 65534, 65534)]
    [InlineData("u:x:1000:100:::", "u", 1000, 100)]
    public void A_passwd_line_gives_name_uid_and_primary_gid(string line, string name, int uid, int gid) =>
        Assert.Equal(new LocalJobIdentity(name, uid, gid), LocalJobIdentity.ParsePasswd(line));

    [Theory]
    [InlineData("")]
    [InlineData("aloe-job:x:999:995")]
    [InlineData("aloe-job:x:-1:995:g:/h:/s")]
    [InlineData("aloe-job:x:abc:995:g:/h:/s")]
    [InlineData(":x:1:1:g:/h:/s")]
    [InlineData("a:x:1:1:g:/h:/s:extra")]
    public void Anything_else_is_not_an_identity(string line) => Assert.Null(LocalJobIdentity.ParsePasswd(line));

    [Theory]
    [InlineData("aloe-job", true)]
    [InlineData("_svc", true)]
    [InlineData("a1_b-c", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdef", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefg", false)]
    [InlineData("", false)]
    [InlineData("Aloe", false)]
    [InlineData("1user", false)]
    [InlineData("-user", false)]
    [InlineData("a b", false)]
    [InlineData("a:b", false)]
    [InlineData("a/b", false)]
    [InlineData("user\n", false)]
    public void Only_portable_user_names_are_valid(string name, bool valid) => Assert.Equal(valid, LocalJobIdentity.IsValidName(name));
}
