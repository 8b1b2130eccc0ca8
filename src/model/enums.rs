//! String-valued AWS enumerations that keep values they do not know.
//!
//! AWS adds enum values without notice (a new zone type, a new power option). A sync or an
//! import must never fail on one, and an exported snapshot must import again, so every enum
//! here round-trips through its wire string and keeps an unknown value as `Unknown(String)`.

/// Defines a string-backed enum whose unknown values are preserved verbatim.
///
/// Each variant is listed with the exact string AWS uses on the wire; serde reads and writes
/// that string, and any other string becomes `Unknown(string)`.
macro_rules! aws_string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of Edge Atlas does not know, kept exactly as received.
            Unknown(String),
        }

        impl $name {
            /// The exact string AWS uses for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(other) => other.as_str(),
                }
            }

            /// Every value this version knows, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// True when the value is not one this version knows.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)+
                    _ => Self::Unknown(value),
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                match value {
                    $name::Unknown(other) => other,
                    known => known.as_str().to_owned(),
                }
            }
        }

        // Written and read as the wire string, without allocating one for a known value (a
        // million-entity snapshot holds a few million of these).
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct WireString;
                impl serde::de::Visitor<'_> for WireString {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok(match value {
                            $($wire => $name::$variant,)+
                            _ => $name::Unknown(value.to_owned()),
                        })
                    }
                    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }
                deserializer.deserialize_str(WireString)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

aws_string_enum! {
    /// Region or zone opt-in status (`DescribeRegions`, `DescribeAvailabilityZones`).
    OptInStatus {
        NotRequired => "opt-in-not-required",
        OptedIn => "opted-in",
        NotOptedIn => "not-opted-in",
    }
}

aws_string_enum! {
    /// `ZoneType` of `DescribeAvailabilityZones`.
    ZoneType {
        AvailabilityZone => "availability-zone",
        LocalZone => "local-zone",
        WavelengthZone => "wavelength-zone",
    }
}

aws_string_enum! {
    /// `State` of a zone (`zoneState` on the wire).
    ZoneState {
        Available => "available",
        Information => "information",
        Impaired => "impaired",
        Unavailable => "unavailable",
        Constrained => "constrained",
    }
}

aws_string_enum! {
    /// `SupportedHardwareType` of an Outpost.
    HardwareType {
        Rack => "RACK",
        Server => "SERVER",
    }
}

aws_string_enum! {
    /// `Generation` of an Outpost.
    OutpostGeneration {
        Generation1 => "GENERATION_1",
        Generation2 => "GENERATION_2",
    }
}

aws_string_enum! {
    /// `RackScalingType` of an Outpost or catalog item.
    RackScalingType {
        SingleRack => "SINGLE_RACK",
        MultiRack => "MULTI_RACK",
    }
}

aws_string_enum! {
    /// `AssetType` of an Outposts asset.
    AssetType {
        Compute => "COMPUTE",
        Storage => "STORAGE",
        PowerShelf => "POWERSHELF",
        Switch => "SWITCH",
        Networking => "NETWORKING",
    }
}

aws_string_enum! {
    /// `ComputeAttributes.State` of a compute asset.
    ComputeAssetState {
        Active => "ACTIVE",
        Isolated => "ISOLATED",
        Retiring => "RETIRING",
        Installing => "INSTALLING",
    }
}

aws_string_enum! {
    /// The AWS service an instance on an Outpost belongs to (`ListAssetInstances`'
    /// `AwsServiceName`): `EC2` for customer instances, the others for instances a managed
    /// service runs on the Outpost's hosts.
    AwsServiceName {
        Aws => "AWS",
        Ec2 => "EC2",
        Elasticache => "ELASTICACHE",
        Elb => "ELB",
        Rds => "RDS",
        Route53 => "ROUTE53",
        Eks => "EKS",
    }
}

aws_string_enum! {
    /// A capacity task's status (`ListCapacityTasks`, `GetCapacityTask`).
    CapacityTaskStatus {
        Requested => "REQUESTED",
        InProgress => "IN_PROGRESS",
        WaitingForEvacuation => "WAITING_FOR_EVACUATION",
        CancellationInProgress => "CANCELLATION_IN_PROGRESS",
        Completed => "COMPLETED",
        Failed => "FAILED",
        Cancelled => "CANCELLED",
    }
}

impl CapacityTaskStatus {
    /// Whether the task may still change the Outpost's slotting (not completed, failed or
    /// cancelled).
    pub fn is_pending(&self) -> bool {
        matches!(
            self,
            Self::Requested
                | Self::InProgress
                | Self::WaitingForEvacuation
                | Self::CancellationInProgress
        )
    }
}

aws_string_enum! {
    /// `ItemStatus` of a catalog item.
    CatalogItemStatus {
        Available => "AVAILABLE",
        Discontinued => "DISCONTINUED",
    }
}

aws_string_enum! {
    /// `SupportedStorage` of a catalog item.
    SupportedStorage {
        Ebs => "EBS",
        S3 => "S3",
    }
}

aws_string_enum! {
    /// `PowerDrawKva` of a site's rack physical properties.
    PowerDrawKva {
        Kva5 => "POWER_5_KVA",
        Kva10 => "POWER_10_KVA",
        Kva15 => "POWER_15_KVA",
        Kva30 => "POWER_30_KVA",
    }
}

impl PowerDrawKva {
    /// The power available per rack position, in kVA, when the value is known.
    pub fn kva(&self) -> Option<f64> {
        match self {
            Self::Kva5 => Some(5.0),
            Self::Kva10 => Some(10.0),
            Self::Kva15 => Some(15.0),
            Self::Kva30 => Some(30.0),
            Self::Unknown(_) => None,
        }
    }
}

aws_string_enum! {
    /// `PowerPhase` of a site.
    PowerPhase {
        SinglePhase => "SINGLE_PHASE",
        ThreePhase => "THREE_PHASE",
    }
}

aws_string_enum! {
    /// `PowerConnector` of a site.
    PowerConnector {
        L630p => "L6_30P",
        Iec309 => "IEC309",
        Ah530p7w => "AH530P7W",
        Ah532p6w => "AH532P6W",
        Cs8365c => "CS8365C",
    }
}

aws_string_enum! {
    /// `PowerFeedDrop` of a site.
    PowerFeedDrop {
        AboveRack => "ABOVE_RACK",
        BelowRack => "BELOW_RACK",
    }
}

aws_string_enum! {
    /// `UplinkGbps` of a site: the uplink speed the racks support.
    UplinkGbps {
        Uplink1G => "UPLINK_1G",
        Uplink10G => "UPLINK_10G",
        Uplink40G => "UPLINK_40G",
        Uplink100G => "UPLINK_100G",
    }
}

impl UplinkGbps {
    /// The speed in Gbit/s, when the value is known.
    pub fn gbps(&self) -> Option<u32> {
        match self {
            Self::Uplink1G => Some(1),
            Self::Uplink10G => Some(10),
            Self::Uplink40G => Some(40),
            Self::Uplink100G => Some(100),
            Self::Unknown(_) => None,
        }
    }
}

aws_string_enum! {
    /// `UplinkCount` of a site: physical uplinks per Outpost network device.
    UplinkCount {
        Count1 => "UPLINK_COUNT_1",
        Count2 => "UPLINK_COUNT_2",
        Count3 => "UPLINK_COUNT_3",
        Count4 => "UPLINK_COUNT_4",
        Count5 => "UPLINK_COUNT_5",
        Count6 => "UPLINK_COUNT_6",
        Count7 => "UPLINK_COUNT_7",
        Count8 => "UPLINK_COUNT_8",
        Count12 => "UPLINK_COUNT_12",
        Count16 => "UPLINK_COUNT_16",
    }
}

impl UplinkCount {
    /// The number of uplinks, when the value is known.
    pub fn count(&self) -> Option<u32> {
        self.as_str()
            .strip_prefix("UPLINK_COUNT_")
            .and_then(|n| n.parse().ok())
    }
}

aws_string_enum! {
    /// `FiberOpticCableType` of a site.
    FiberOpticCableType {
        SingleMode => "SINGLE_MODE",
        MultiMode => "MULTI_MODE",
    }
}

aws_string_enum! {
    /// `OpticalStandard` of a site.
    OpticalStandard {
        Optic10GbaseSr => "OPTIC_10GBASE_SR",
        Optic10GbaseIr => "OPTIC_10GBASE_IR",
        Optic10GbaseLr => "OPTIC_10GBASE_LR",
        Optic40GbaseSr => "OPTIC_40GBASE_SR",
        Optic40GbaseEsr => "OPTIC_40GBASE_ESR",
        Optic40GbaseIr4Lr4l => "OPTIC_40GBASE_IR4_LR4L",
        Optic40GbaseLr4 => "OPTIC_40GBASE_LR4",
        Optic100GbaseSr4 => "OPTIC_100GBASE_SR4",
        Optic100GbaseCwdm4 => "OPTIC_100GBASE_CWDM4",
        Optic100GbaseLr4 => "OPTIC_100GBASE_LR4",
        Optic100GPsm4Msa => "OPTIC_100G_PSM4_MSA",
        Optic1000baseLx => "OPTIC_1000BASE_LX",
        Optic1000baseSx => "OPTIC_1000BASE_SX",
    }
}

aws_string_enum! {
    /// `MaximumSupportedWeightLbs` of a site.
    MaximumSupportedWeightLbs {
        NoLimit => "NO_LIMIT",
        Max1400 => "MAX_1400_LBS",
        Max1600 => "MAX_1600_LBS",
        Max1800 => "MAX_1800_LBS",
        Max2000 => "MAX_2000_LBS",
    }
}

impl MaximumSupportedWeightLbs {
    /// The weight limit in pounds; `None` for no limit or an unknown value.
    pub fn limit_lbs(&self) -> Option<u32> {
        match self {
            Self::Max1400 => Some(1400),
            Self::Max1600 => Some(1600),
            Self::Max1800 => Some(1800),
            Self::Max2000 => Some(2000),
            Self::NoLimit | Self::Unknown(_) => None,
        }
    }
}

aws_string_enum! {
    /// `Mode` of a local gateway route table.
    LocalGatewayRouteTableMode {
        DirectVpcRouting => "direct-vpc-routing",
        Coip => "coip",
    }
}

aws_string_enum! {
    /// `State` of a carrier gateway.
    CarrierGatewayState {
        Pending => "pending",
        Available => "available",
        Deleting => "deleting",
        Deleted => "deleted",
    }
}

aws_string_enum! {
    /// `ConfigurationState` of a VIF group or service link VIF.
    ConfigurationState {
        Pending => "pending",
        Incomplete => "incomplete",
        Available => "available",
        Deleting => "deleting",
        Deleted => "deleted",
    }
}

aws_string_enum! {
    /// `InstanceState.Name` of an instance.
    InstanceStateName {
        Pending => "pending",
        Running => "running",
        ShuttingDown => "shutting-down",
        Terminated => "terminated",
        Stopping => "stopping",
        Stopped => "stopped",
    }
}

aws_string_enum! {
    /// Processor architecture of an instance or image.
    Architecture {
        I386 => "i386",
        X86_64 => "x86_64",
        Arm64 => "arm64",
        X86_64Mac => "x86_64_mac",
        Arm64Mac => "arm64_mac",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip_through_their_wire_strings() {
        for wire in ZoneType::KNOWN {
            let value = ZoneType::from(*wire);
            assert!(!value.is_unknown(), "{wire} should be known");
            assert_eq!(value.as_str(), *wire);
        }
    }

    #[test]
    fn unknown_values_are_kept_verbatim_through_serde() {
        let value: ZoneType = serde_json::from_str("\"orbital-zone\"").expect("any string parses");
        assert_eq!(value, ZoneType::Unknown("orbital-zone".into()));
        assert_eq!(
            serde_json::to_string(&value).expect("serialises"),
            "\"orbital-zone\""
        );
    }

    #[test]
    fn uplink_count_reads_its_number() {
        assert_eq!(UplinkCount::Count12.count(), Some(12));
        assert_eq!(UplinkCount::from("UPLINK_COUNT_X").count(), None);
    }
}
