/*
 * ziplib — libzip, for the letters' OpenDocument files and the exports'
 * archives, loaded on first use (support/lazylib.h): it brings OpenSSL's
 * libcrypto, bzip2 and xz with it, which no other command needs.
 *
 * Include it after every other header: each function below is redirected
 * to its pointer in the table, which ziplib_load fills; call that first
 * and give up on -1 (the libraries are missing: logged).  ziplib.c, which
 * fills the table, defines ZIPLIB_TABLE to keep the names as they are.
 */
#ifndef RELAIS_ZIPLIB_H
#define RELAIS_ZIPLIB_H

#include <zip.h>

/* Every function called, by name. */
#define ZIPLIB_FUNCTIONS(X) \
	X(zip_close) \
	X(zip_dir_add) \
	X(zip_discard) \
	X(zip_error_fini) \
	X(zip_error_init) \
	X(zip_error_set) \
	X(zip_error_strerror) \
	X(zip_error_to_data) \
	X(zip_fclose) \
	X(zip_file_add) \
	X(zip_file_set_external_attributes) \
	X(zip_file_set_mtime) \
	X(zip_fopen_index) \
	X(zip_fread) \
	X(zip_get_name) \
	X(zip_get_num_entries) \
	X(zip_name_locate) \
	X(zip_open_from_source) \
	X(zip_set_file_compression) \
	X(zip_source_buffer) \
	X(zip_source_buffer_create) \
	X(zip_source_free) \
	X(zip_source_function_create) \
	X(zip_source_make_command_bitmap) \
	X(zip_source_seek_compute_offset) \
	X(zip_stat_index) \
	X(zip_stat_init) \
	X(zip_strerror)

#define ZIPLIB_FIELD(f) __typeof__(&f) f;
struct ziplib {
	ZIPLIB_FUNCTIONS(ZIPLIB_FIELD)
};
#undef ZIPLIB_FIELD

extern struct ziplib ziplib;

/* 0 once the libraries are loaded, else -1 (logged). */
int ziplib_load(void);

#ifndef ZIPLIB_TABLE
#undef zip_close
#define zip_close (ziplib.zip_close)
#undef zip_dir_add
#define zip_dir_add (ziplib.zip_dir_add)
#undef zip_discard
#define zip_discard (ziplib.zip_discard)
#undef zip_error_fini
#define zip_error_fini (ziplib.zip_error_fini)
#undef zip_error_init
#define zip_error_init (ziplib.zip_error_init)
#undef zip_error_set
#define zip_error_set (ziplib.zip_error_set)
#undef zip_error_strerror
#define zip_error_strerror (ziplib.zip_error_strerror)
#undef zip_error_to_data
#define zip_error_to_data (ziplib.zip_error_to_data)
#undef zip_fclose
#define zip_fclose (ziplib.zip_fclose)
#undef zip_file_add
#define zip_file_add (ziplib.zip_file_add)
#undef zip_file_set_external_attributes
#define zip_file_set_external_attributes (ziplib.zip_file_set_external_attributes)
#undef zip_file_set_mtime
#define zip_file_set_mtime (ziplib.zip_file_set_mtime)
#undef zip_fopen_index
#define zip_fopen_index (ziplib.zip_fopen_index)
#undef zip_fread
#define zip_fread (ziplib.zip_fread)
#undef zip_get_name
#define zip_get_name (ziplib.zip_get_name)
#undef zip_get_num_entries
#define zip_get_num_entries (ziplib.zip_get_num_entries)
#undef zip_name_locate
#define zip_name_locate (ziplib.zip_name_locate)
#undef zip_open_from_source
#define zip_open_from_source (ziplib.zip_open_from_source)
#undef zip_set_file_compression
#define zip_set_file_compression (ziplib.zip_set_file_compression)
#undef zip_source_buffer
#define zip_source_buffer (ziplib.zip_source_buffer)
#undef zip_source_buffer_create
#define zip_source_buffer_create (ziplib.zip_source_buffer_create)
#undef zip_source_free
#define zip_source_free (ziplib.zip_source_free)
#undef zip_source_function_create
#define zip_source_function_create (ziplib.zip_source_function_create)
#undef zip_source_make_command_bitmap
#define zip_source_make_command_bitmap (ziplib.zip_source_make_command_bitmap)
#undef zip_source_seek_compute_offset
#define zip_source_seek_compute_offset (ziplib.zip_source_seek_compute_offset)
#undef zip_stat_index
#define zip_stat_index (ziplib.zip_stat_index)
#undef zip_stat_init
#define zip_stat_init (ziplib.zip_stat_init)
#undef zip_strerror
#define zip_strerror (ziplib.zip_strerror)
#endif

#endif
