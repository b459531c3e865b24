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

    [Theory]
    [InlineData("short", false)]
    [InlineData("elevenchars", false)]
    [InlineData("twelve chars", true)]
    public void IsLongEnough_RequiresTwelveCharacters(string password, bool expected)
    {
        Assert.Equal(expected, PasswordRules.IsLongEnough(password));
    }

    [Fact]
    public void Roles_AreTheFiveOfTheDomainRules()
    {
        Assert.Equal(["Admin", "HR", "Interviewer", "Agency", "Auditor"], Roles.All);
        Assert.False(Roles.IsKnown("admin"));
    }
}
