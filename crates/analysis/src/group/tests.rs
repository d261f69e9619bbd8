//! Peer groups on a hand-made cohort: kind, state, east/west, size class from population and
//! custom lists.

use vergleich_domain::Cohort;

use super::*;
use crate::frame::observations_frame;
use crate::testutil::value;

fn cohort() -> Cohort {
    // M1 Stadt in SH (west), M2 Landkreis in SH, M3 kreisfreie Stadt in MV (east).
    Cohort::from_csv(
        "key,name,state,kind,cohort,status,source,note\n\
         01000001,Eins,SH,stadt,t,demo,,\n\
         01002,Kreis Zwei,SH,landkreis,t,demo,,\n\
         13000003,Drei,MV,kreisfreie_stadt,t,demo,,\n",
    )
    .unwrap()
}

fn names(g: &PeerGroup) -> Vec<&str> {
    g.members.iter().map(|m| m.name.as_str()).collect()
}

#[test]
fn kind_state_and_east_west_split_the_cohort_and_say_why() {
    let c = cohort();
    assert_eq!(names(&by_kind(&c, false)), vec!["Eins", "Drei"]);
    assert_eq!(names(&by_kind(&c, true)), vec!["Kreis Zwei"]);
    assert_eq!(names(&by_state(&c, State::SH)), vec!["Eins", "Kreis Zwei"]);
    let east = east_west(&c, true);
    assert_eq!(names(&east), vec!["Drei"]);
    assert_eq!(east.members[0].reason_de, "Ostdeutschland");
    assert_eq!(east.summary().size, 1);
    assert_eq!(whole_cohort(&c).members.len(), 3);
}

#[test]
fn size_class_uses_population_of_the_year_and_leaves_out_members_without_it() {
    let c = cohort();
    let mut m2 = value(1, POPULATION, 2020, 150_000.0);
    m2.municipality = Ags::parse("01002").unwrap();
    let obs = vec![value(1, POPULATION, 2020, 99_999.0), m2];
    let frame = observations_frame(&obs).unwrap();
    let medium = by_size_class(&c, &frame, 2020, SizeClass::Medium).unwrap();
    assert_eq!(names(&medium), vec!["Eins"]);
    assert_eq!(medium.members[0].reason_de, "99.999 Einwohner (2020)");
    let large = by_size_class(&c, &frame, 2020, SizeClass::Large).unwrap();
    assert_eq!(names(&large), vec!["Kreis Zwei"]);
    assert_eq!(SizeClass::of(500_000.0), SizeClass::Metropolis);
    assert_eq!(SizeClass::of(19_999.0), SizeClass::Small);
}

#[test]
fn custom_groups_keep_the_given_order_and_reject_unknown_members() {
    let c = cohort();
    let keys = [
        Ags::parse("13000003").unwrap(),
        Ags::parse("01000001").unwrap(),
    ];
    let g = custom(&c, "mine", "Meine", "mine", &keys).unwrap();
    assert_eq!(names(&g), vec!["Drei", "Eins"]);
    assert_eq!(g.definition, GroupDefinition::Custom);
    let unknown = [Ags::parse("09999999").unwrap()];
    assert!(matches!(
        custom(&c, "x", "x", "x", &unknown),
        Err(AnalysisError::UnknownMember { .. })
    ));
}
