using InterviewPortal.Domain;
using InterviewPortal.Domain.Recruiting;

namespace InterviewPortal.Tests.Domain.Recruiting;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("13812341234", "13812341234")]
    [InlineData("138 1234 1234", "13812341234")]
    [InlineData("138-1234-1234", "13812341234")]
    [InlineData("+86 138 1234 1234", "13812341234")]
    [InlineData("+8613812341234", "13812341234")]
    [InlineData("008613812341234", "13812341234")]
    [InlineData("8613812341234", "13812341234")]
    [InlineData("(+86) 199.0000.1111", "19900001111")]
    public void Normalize_AcceptsTheFormsPeopleType(string input, string expected)
    {
        Assert.Equal(expected, PhoneNumber.Normalize(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1381234123")]      // 10 digits
    [InlineData("138123412345")]    // 12 digits
    [InlineData("12812341234")]     // second digit 2 is not a mobile prefix
    [InlineData("02112345678")]     // a landline
    [InlineData("+1 415 555 0100")] // not mainland
    [InlineData("138x1234x1234")]
    [InlineData("１３８１２３４１２３４")] // full-width digits are refused rather than guessed
    public void Normalize_RefusesWhatIsNotAMainlandMobile(string input)
    {
        var ex = Assert.Throws<DomainException>(() => PhoneNumber.Normalize(input));
        Assert.Equal("PhoneInvalid", ex.MessageKey);
    }

    [Fact]
    public void Mask_ShowsTheFirstThreeAndLastFourDigits()
    {
        Assert.Equal("138****1234", PhoneNumber.Mask("13812341234"));
        Assert.Equal("", PhoneNumber.Mask(null));
    }
}
