//! Ethnicity: the 2021 census categories for England and Wales, the column names and labels
//! the submission file accepts for them, and how they group into white / minority ethnic and
//! into the broad groups Asian, Black, Mixed and Other.
//!
//! Convention (as the NHS WRES): every White background counts as white; every other stated
//! group counts as minority ethnic; "not known" (not stated, prefer not to say, blank) is
//! left out of every ratio and reported through the declaration rate.

use serde::Serialize;

/// The broad groups a minority ethnic breakdown is reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BroadGroup {
    Asian,
    Black,
    Mixed,
    Other,
}

impl BroadGroup {
    pub const ALL: [BroadGroup; 4] = [
        BroadGroup::Asian,
        BroadGroup::Black,
        BroadGroup::Mixed,
        BroadGroup::Other,
    ];

    /// The census wording of the group.
    pub fn label(self) -> &'static str {
        match self {
            BroadGroup::Asian => "Asian or Asian British",
            BroadGroup::Black => "Black, Black British, Caribbean or African",
            BroadGroup::Mixed => "Mixed or Multiple ethnic groups",
            BroadGroup::Other => "Other ethnic group",
        }
    }

    /// A short name for tables and charts.
    pub fn short(self) -> &'static str {
        match self {
            BroadGroup::Asian => "Asian",
            BroadGroup::Black => "Black",
            BroadGroup::Mixed => "Mixed",
            BroadGroup::Other => "Other",
        }
    }
}

/// Where a census category sits: white, or one of the minority ethnic broad groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    White,
    Minority(BroadGroup),
}

/// One of the 19 census categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// The column name the submission file uses (stable, snake_case).
    pub key: &'static str,
    /// The census label.
    pub label: &'static str,
    pub grouping: Grouping,
    /// Other names accepted as the column header (compared after [`normalise`]).
    pub aliases: &'static [&'static str],
}

use BroadGroup::*;
use Grouping::{Minority, White};

/// The 2021 census ethnic groups (England and Wales), in census order.
pub const CENSUS_CATEGORIES: [Category; 19] = [
    Category {
        key: "white_british",
        label: "English, Welsh, Scottish, Northern Irish or British",
        grouping: White,
        aliases: &[
            "white_english_welsh_scottish_northern_irish_or_british",
            "english_welsh_scottish_northern_irish_or_british",
            "white_british",
        ],
    },
    Category {
        key: "white_irish",
        label: "Irish",
        grouping: White,
        aliases: &["irish", "white_irish"],
    },
    Category {
        key: "white_gypsy_or_irish_traveller",
        label: "Gypsy or Irish Traveller",
        grouping: White,
        aliases: &[
            "gypsy_or_irish_traveller",
            "white_gypsy_or_irish_traveller",
            "gypsy_irish_traveller",
        ],
    },
    Category {
        key: "white_roma",
        label: "Roma",
        grouping: White,
        aliases: &["roma", "white_roma"],
    },
    Category {
        key: "white_other",
        label: "Any other White background",
        grouping: White,
        aliases: &[
            "any_other_white_background",
            "white_any_other_white_background",
            "other_white",
        ],
    },
    Category {
        key: "mixed_white_and_black_caribbean",
        label: "White and Black Caribbean",
        grouping: Minority(Mixed),
        aliases: &["white_and_black_caribbean", "mixed_white_black_caribbean"],
    },
    Category {
        key: "mixed_white_and_black_african",
        label: "White and Black African",
        grouping: Minority(Mixed),
        aliases: &["white_and_black_african", "mixed_white_black_african"],
    },
    Category {
        key: "mixed_white_and_asian",
        label: "White and Asian",
        grouping: Minority(Mixed),
        aliases: &["white_and_asian", "mixed_white_asian"],
    },
    Category {
        key: "mixed_other",
        label: "Any other Mixed or Multiple background",
        grouping: Minority(Mixed),
        aliases: &[
            "any_other_mixed_or_multiple_background",
            "any_other_mixed_or_multiple_ethnic_background",
            "any_other_mixed_background",
            "other_mixed",
        ],
    },
    Category {
        key: "asian_indian",
        label: "Indian",
        grouping: Minority(Asian),
        aliases: &["indian"],
    },
    Category {
        key: "asian_pakistani",
        label: "Pakistani",
        grouping: Minority(Asian),
        aliases: &["pakistani"],
    },
    Category {
        key: "asian_bangladeshi",
        label: "Bangladeshi",
        grouping: Minority(Asian),
        aliases: &["bangladeshi"],
    },
    Category {
        key: "asian_chinese",
        label: "Chinese",
        grouping: Minority(Asian),
        aliases: &["chinese"],
    },
    Category {
        key: "asian_other",
        label: "Any other Asian background",
        grouping: Minority(Asian),
        aliases: &["any_other_asian_background", "other_asian"],
    },
    Category {
        key: "black_caribbean",
        label: "Caribbean",
        grouping: Minority(Black),
        aliases: &["caribbean"],
    },
    Category {
        key: "black_african",
        label: "African",
        grouping: Minority(Black),
        aliases: &["african"],
    },
    Category {
        key: "black_other",
        label: "Any other Black, Caribbean or African background",
        grouping: Minority(Black),
        aliases: &[
            "any_other_black_caribbean_or_african_background",
            "any_other_black_black_british_or_caribbean_background",
            "any_other_black_background",
            "other_black",
        ],
    },
    Category {
        key: "other_arab",
        label: "Arab",
        grouping: Minority(Other),
        aliases: &["arab"],
    },
    Category {
        key: "other_any",
        label: "Any other ethnic group",
        grouping: Minority(Other),
        aliases: &["any_other_ethnic_group", "other_ethnic_group"],
    },
];

/// What an ethnicity column of the submission file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EthnicityColumn {
    /// Broad form: all white staff.
    White,
    /// Broad form: all minority ethnic staff.
    MinorityEthnic,
    /// Either form: ethnicity not known, not stated or not given.
    NotKnown,
    /// Census form: one of [`CENSUS_CATEGORIES`], by index.
    Census(usize),
}

const WHITE_ALIASES: &[&str] = &["white", "white_staff", "all_white"];
const MINORITY_ALIASES: &[&str] = &[
    "minority_ethnic",
    "minority_ethnic_staff",
    "ethnic_minority",
    "ethnic_minorities",
    "bme",
    "bame",
    "black_and_minority_ethnic",
    "black_asian_and_minority_ethnic",
    "global_majority",
];
const NOT_KNOWN_ALIASES: &[&str] = &[
    "not_known",
    "unknown",
    "not_stated",
    "not_declared",
    "undeclared",
    "prefer_not_to_say",
    "not_stated_or_not_known",
];

/// Lower-cases a header and turns every run of other characters into one underscore, so
/// "White: Irish", "white irish" and "WHITE_IRISH" compare equal; "&" counts as "and" and
/// apostrophes vanish ("Children's" -> "childrens").
pub fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let spaced = header.replace('&', " and ");
    for c in spaced.chars() {
        if c == '\'' || c == '\u{2019}' {
            continue;
        } else if c.is_alphanumeric() {
            out.push(crate::format::lower(c));
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Recognises an ethnicity column header, in either form, by its key, label or alias.
/// A census label may carry its group in front ("White: Irish", "Asian or Asian British -
/// Indian").
pub fn recognise(header: &str) -> Option<EthnicityColumn> {
    let full = normalise(header);
    if full.is_empty() {
        return None;
    }
    // The part after a group prefix such as "White:" or "Asian or Asian British -".
    let split = header
        .rsplit_once(':')
        .or_else(|| header.rsplit_once(" - "));
    let tail = split.map(|(_, t)| normalise(t));
    // "Asian or Asian British: Other" names the group's "any other" category.
    if let (Some((group, _)), Some("other" | "any_other" | "other_background")) =
        (split, tail.as_deref())
    {
        let g = normalise(group);
        let key = ["mixed", "black", "asian", "white", "other"]
            .into_iter()
            .find(|k| g.split('_').any(|w| w == *k))
            .map(|k| {
                if k == "other" {
                    "other_any".to_owned()
                } else {
                    format!("{k}_other")
                }
            });
        if let Some(i) = key.and_then(|k| CENSUS_CATEGORIES.iter().position(|c| c.key == k)) {
            return Some(EthnicityColumn::Census(i));
        }
    }
    let is = |n: &str| n == full || tail.as_deref() == Some(n);
    if WHITE_ALIASES.iter().any(|a| *a == full) {
        return Some(EthnicityColumn::White);
    }
    if MINORITY_ALIASES.iter().any(|a| *a == full) {
        return Some(EthnicityColumn::MinorityEthnic);
    }
    if NOT_KNOWN_ALIASES.iter().any(|a| is(a)) {
        return Some(EthnicityColumn::NotKnown);
    }
    // Keys first (exact), so "other_any" never falls to the loose alias "other".
    if let Some(i) = CENSUS_CATEGORIES.iter().position(|c| c.key == full) {
        return Some(EthnicityColumn::Census(i));
    }
    CENSUS_CATEGORIES
        .iter()
        .position(|c| normalise(c.label) == full || c.aliases.iter().any(|a| is(a)))
        .map(EthnicityColumn::Census)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_nineteen_categories_five_of_them_white() {
        assert_eq!(CENSUS_CATEGORIES.len(), 19);
        let white = CENSUS_CATEGORIES
            .iter()
            .filter(|c| c.grouping == White)
            .count();
        assert_eq!(white, 5);
        for g in BroadGroup::ALL {
            let n = CENSUS_CATEGORIES
                .iter()
                .filter(|c| c.grouping == Minority(g))
                .count();
            assert_eq!(n, [5, 3, 4, 2][g as usize], "{g:?}");
        }
    }

    #[test]
    fn every_key_and_label_is_recognised_as_itself() {
        for (i, c) in CENSUS_CATEGORIES.iter().enumerate() {
            assert_eq!(
                recognise(c.key),
                Some(EthnicityColumn::Census(i)),
                "{}",
                c.key
            );
            assert_eq!(
                recognise(c.label),
                Some(EthnicityColumn::Census(i)),
                "{}",
                c.label
            );
            for a in c.aliases {
                assert_eq!(recognise(a), Some(EthnicityColumn::Census(i)), "{a}");
            }
        }
    }

    #[test]
    fn labels_with_group_prefixes_are_recognised() {
        assert_eq!(recognise("White: Irish"), Some(EthnicityColumn::Census(1)));
        assert_eq!(
            recognise("Asian or Asian British - Indian"),
            Some(EthnicityColumn::Census(9))
        );
        assert_eq!(
            recognise("Other ethnic group: Any other ethnic group"),
            Some(EthnicityColumn::Census(18))
        );
        assert_eq!(
            recognise("Mixed or Multiple: White & Asian"),
            Some(EthnicityColumn::Census(7))
        );
    }

    #[test]
    fn broad_columns_and_their_aliases() {
        assert_eq!(
            recognise(" Minority Ethnic "),
            Some(EthnicityColumn::MinorityEthnic)
        );
        assert_eq!(recognise("BAME"), Some(EthnicityColumn::MinorityEthnic));
        assert_eq!(recognise("WHITE"), Some(EthnicityColumn::White));
        assert_eq!(recognise("Not known"), Some(EthnicityColumn::NotKnown));
        assert_eq!(
            recognise("Prefer not to say"),
            Some(EthnicityColumn::NotKnown)
        );
        assert_eq!(recognise("salary"), None);
    }
}
