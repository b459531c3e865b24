using InterviewPortal.Domain.Identity;

namespace InterviewPortal.Tests.Domain;

public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("qwerty123456")]
    [InlineData("woaini1314520")]
    [InlineData(" 123456789012 ")]
    public void IsCommon_RecognisesListedPasswords_CaseInsensitively(string password)
    {
        Assert.True(PasswordRules.IsCommon(password));
    }

    [Fact]
    public void IsCommon_AcceptsAnUnlistedPassphrase()
    {
        Assert.False(PasswordRules.IsCommon("correct horse battery staple"));
    }

    [Fact]
    public void Generate_GivesDistinctPasswordsWithoutLookAlikeCharacters()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => PasswordRules.Generate(16)).ToList();

        Assert.Equal(50, passwords.Distinct().Count());
        Assert.All(passwords, p =>
        {
            Assert.Equal(16, p.Length);
            Assert.DoesNotContain(p, c => "0O1lIio".Contains(c));
        });
    }

    [Fact]
    public void Roles_AreTheFiveOfTheDomainRules()
    {
        Assert.Equal(["Admin", "HR", "Interviewer", "Agency", "Auditor"], Roles.All);
        Assert.False(Roles.IsKnown("admin"));
    }
}
