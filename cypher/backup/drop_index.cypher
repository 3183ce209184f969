// The restore's own index, once every relationship is in.
DROP INDEX lermap_restore_id IF EXISTS
