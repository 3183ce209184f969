CREATE (:Migration {version: $version, name: $name, checksum: $checksum, appliedAt: datetime()})
