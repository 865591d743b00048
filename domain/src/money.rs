//! Rules every amount of money obeys, in activities and programmes alike.

use rust_decimal::Decimal;
use tatrack_i18n::{msg, Message};

/// How an amount is written, defined beside [`Money`]; also named here, where the API's own
/// bodies have always found it.
pub use crate::values::plain_decimal;
use crate::values::Money;

/// The largest amount one funding line or contribution may carry, in major units: 10^13, ten
/// trillion, far above any real grant. With it, every sum the read models keep fits an `i128`
/// of minor units, whatever the number of lines (2^63 lines of 10^17 minor units, the finest
/// currency's, stay below 2^127).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_316_134_912, 2_328, 0, false, 0);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("an amount must be greater than zero")]
    NotPositive,
    #[error("{currency} amounts have at most {digits} decimal places")]
    TooPrecise { currency: &'static str, digits: u16 },
    #[error("an amount cannot exceed {MAX_AMOUNT}")]
    TooLarge,
}

impl AmountError {
    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        match self {
            Self::NotPositive => msg("problem-amount-not-positive"),
            Self::TooPrecise { currency, digits } => {
                msg("problem-amount-too-precise").with("currency", *currency).with("digits", *digits)
            }
            Self::TooLarge => msg("problem-amount-too-large").with("max", MAX_AMOUNT.to_string()),
        }
    }
}

/// An amount is positive, at most [`MAX_AMOUNT`], and written with no more decimals than its
/// currency's minor unit (cents for EUR, none for JPY): `"12.000"` EUR is refused like
/// `"12.001"`, so the amount a user sends is the amount shown back.
pub fn check_amount(money: &Money) -> Result<(), AmountError> {
    if money.amount <= Decimal::ZERO {
        return Err(AmountError::NotPositive);
    }
    if money.amount > MAX_AMOUNT {
        return Err(AmountError::TooLarge);
    }
    let digits = money.currency.minor_unit_digits().unwrap_or(0);
    if money.amount.scale() > u32::from(digits) {
        return Err(AmountError::TooPrecise { currency: money.currency.code(), digits });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Currency;

    fn money(amount: &str, currency: &str) -> Money {
        Money {
            amount: amount.parse::<Decimal>().expect("test amount"),
            currency: Currency::parse(currency).expect("test currency"),
        }
    }

    /// Checks each `(amount, currency, what check_amount says)`; a failure names the amount.
    fn assert_checks(cases: &[(&str, &str, Result<(), AmountError>)]) {
        for (amount, currency, expected) in cases {
            assert_eq!(&check_amount(&money(amount, currency)), expected, "{amount} {currency}");
        }
    }

    #[test]
    fn amounts_are_positive_and_within_the_minor_unit() {
        assert_checks(&[
            ("12000.00", "EUR", Ok(())),
            ("0.10", "USD", Ok(())),
            ("0", "EUR", Err(AmountError::NotPositive)),
            ("-5", "EUR", Err(AmountError::NotPositive)),
            ("1.005", "EUR", Err(AmountError::TooPrecise { currency: "EUR", digits: 2 })),
            ("100.5", "JPY", Err(AmountError::TooPrecise { currency: "JPY", digits: 0 })),
        ]);
    }

    #[test]
    fn extra_zero_decimals_are_refused_too() {
        assert_checks(&[
            ("12.000", "EUR", Err(AmountError::TooPrecise { currency: "EUR", digits: 2 })),
            ("12.00", "JPY", Err(AmountError::TooPrecise { currency: "JPY", digits: 0 })),
            ("12.0", "EUR", Ok(())),
        ]);
    }

    #[test]
    fn amounts_stop_at_ten_trillion() {
        assert_eq!(MAX_AMOUNT, Decimal::from(10_000_000_000_000_i64));
        assert_checks(&[
            ("10000000000000.00", "EUR", Ok(())),
            ("10000000000000.01", "EUR", Err(AmountError::TooLarge)),
            ("79228162514264337593543950335", "EUR", Err(AmountError::TooLarge)),
            ("7922816251426433759354395033.5", "EUR", Err(AmountError::TooLarge)),
        ]);
    }
}
