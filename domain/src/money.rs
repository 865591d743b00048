//! Rules every amount of money obeys, in activities and programmes alike.

use crate::values::Money;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("an amount must be greater than zero")]
    NotPositive,
    #[error("{currency} amounts have at most {digits} decimal places")]
    TooPrecise { currency: &'static str, digits: u16 },
}

/// An amount is positive and no finer than its currency's minor unit (cents for EUR, yen for JPY).
pub fn check_amount(money: &Money) -> Result<(), AmountError> {
    if money.amount <= rust_decimal::Decimal::ZERO {
        return Err(AmountError::NotPositive);
    }
    let digits = money.currency.minor_unit_digits().unwrap_or(0);
    if money.amount.normalize().scale() > u32::from(digits) {
        return Err(AmountError::TooPrecise { currency: money.currency.code(), digits });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Currency;
    use rust_decimal::Decimal;

    fn money(amount: &str, currency: &str) -> Money {
        Money {
            amount: amount.parse::<Decimal>().expect("test amount"),
            currency: Currency::parse(currency).expect("test currency"),
        }
    }

    #[test]
    fn amounts_are_positive_and_within_the_minor_unit() {
        assert_eq!(check_amount(&money("12000.00", "EUR")), Ok(()));
        assert_eq!(check_amount(&money("0.10", "USD")), Ok(()));
        assert_eq!(check_amount(&money("0", "EUR")), Err(AmountError::NotPositive));
        assert_eq!(check_amount(&money("-5", "EUR")), Err(AmountError::NotPositive));
        assert_eq!(
            check_amount(&money("1.005", "EUR")),
            Err(AmountError::TooPrecise { currency: "EUR", digits: 2 })
        );
        assert_eq!(
            check_amount(&money("100.5", "JPY")),
            Err(AmountError::TooPrecise { currency: "JPY", digits: 0 })
        );
    }
}
