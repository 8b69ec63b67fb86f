/*
 * Changed lines between the merge base of a ref and the working tree,
 * with libgit2 (see gitdiff.h). Zero context lines make every hunk's new
 * side exactly the added or changed lines.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "gitdiff.h"
#include "gitinfo.h"
#include "secgate/error.h"
#include "secgate/path.h"

struct range {
	uint32_t start, end;
};

struct changed_file {
	char *path;
	bool whole;          /* added, binary or untracked: every line counts */
	struct range *ranges;
	size_t n_ranges, cap_ranges;
};

struct sg_diff {
	struct changed_file *files;
	size_t count, capacity;
	/* The change's commits (merge base..head), hex, sorted. */
	char (*commits)[GIT_OID_HEXSZ + 1];
	size_t n_commits;
};

static struct changed_file *add_file(struct sg_diff *d, const char *path)
{
	if (d->count && strcmp(d->files[d->count - 1].path, path) == 0)
		return &d->files[d->count - 1];
	if (d->count == d->capacity) {
		size_t cap = d->capacity ? d->capacity * 2 : 32;
		struct changed_file *f = realloc(d->files, cap * sizeof(*f));

		if (!f)
			return NULL;
		d->files = f;
		d->capacity = cap;
	}
	struct changed_file *f = &d->files[d->count];
	memset(f, 0, sizeof(*f));
	f->path = strdup(path);
	if (!f->path)
		return NULL;
	d->count++;
	return f;
}

static int on_file(const git_diff_delta *delta, float progress, void *payload)
{
	struct sg_diff *d = payload;
	struct changed_file *f;

	(void)progress;
	if (delta->status == GIT_DELTA_DELETED)
		return 0;
	f = add_file(d, delta->new_file.path);
	if (!f)
		return -1;
	f->whole = delta->status == GIT_DELTA_ADDED ||
		   delta->status == GIT_DELTA_UNTRACKED ||
		   (delta->flags & GIT_DIFF_FLAG_BINARY);
	return 0;
}

static int on_hunk(const git_diff_delta *delta, const git_diff_hunk *hunk,
		   void *payload)
{
	struct sg_diff *d = payload;
	struct changed_file *f;

	if (delta->status == GIT_DELTA_DELETED || hunk->new_lines <= 0)
		return 0;
	f = add_file(d, delta->new_file.path);
	if (!f)
		return -1;
	if (f->n_ranges == f->cap_ranges) {
		size_t cap = f->cap_ranges ? f->cap_ranges * 2 : 8;
		struct range *r = realloc(f->ranges, cap * sizeof(*r));

		if (!r)
			return -1;
		f->ranges = r;
		f->cap_ranges = cap;
	}
	f->ranges[f->n_ranges].start = (uint32_t)hunk->new_start;
	f->ranges[f->n_ranges].end =
		(uint32_t)(hunk->new_start + hunk->new_lines - 1);
	f->n_ranges++;
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct changed_file *)a)->path,
		      ((const struct changed_file *)b)->path);
}

static int by_commit(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Every commit reachable from head and not from the merge base. */
static int collect_commits(struct sg_diff *d, git_repository *repo,
			   const git_oid *head, const git_oid *merge_base)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t cap = 0;
	int rc = 0;

	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push(walk, head) < 0 ||
	    git_revwalk_hide(walk, merge_base) < 0) {
		git_revwalk_free(walk);
		return sg_error(SG_EINPUT, "--diff-base: cannot walk the "
				 "change's commits");
	}
	while (git_revwalk_next(&oid, walk) == 0) {
		if (d->n_commits == cap) {
			size_t c = cap ? cap * 2 : 16;
			void *grown = realloc(d->commits,
					      c * sizeof(*d->commits));

			if (!grown) {
				rc = sg_error(SG_ENOMEM, "out of memory");
				break;
			}
			d->commits = grown;
			cap = c;
		}
		git_oid_tostr(d->commits[d->n_commits++], GIT_OID_HEXSZ + 1,
			      &oid);
	}
	git_revwalk_free(walk);
	if (rc == 0 && d->n_commits > 1)
		qsort(d->commits, d->n_commits, sizeof(*d->commits),
		      by_commit);
	return rc;
}

bool sg_diff_commit_in_change(const struct sg_diff *d, const char *commit)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t n = commit ? strspn(commit, "0123456789abcdefABCDEF") : 0;
	size_t lo = 0, hi;

	/* Full or abbreviated (7+) ids, in either case. */
	if (!d || n < 7 || n > GIT_OID_HEXSZ || commit[n] != '\0')
		return false;
	for (size_t i = 0; i <= n; i++)
		hex[i] = (char)tolower((unsigned char)commit[i]);
	hi = d->n_commits;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(d->commits[mid], hex) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n_commits && strncmp(d->commits[lo], hex, n) == 0;
}

static const char *git_message(void)
{
	const git_error *e = git_error_last(); /* may be NULL in libgit2 1.5 */

	return e && e->message ? e->message : "unknown libgit2 error";
}

int sg_diff_load(struct sg_diff **out, const char *repo_root,
		 const char *base_ref)
{
	return sg_diff_load_at(out, repo_root, base_ref, NULL);
}

int sg_diff_load_at(struct sg_diff **out, const char *repo_root,
		    const char *base_ref, const char *head_sha)
{
	git_repository *repo = NULL;
	git_object *base = NULL;
	git_oid head_oid, merge_oid;
	git_commit *merge_commit = NULL, *head_commit = NULL;
	git_tree *tree = NULL, *head_tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	struct sg_diff *d = calloc(1, sizeof(*d));
	int rc = 0;

	if (!d)
		return sg_error(SG_ENOMEM, "out of memory");
	sg_git_init();
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if (git_repository_open(&repo, repo_root) < 0) {
		rc = sg_error(SG_EINPUT, "--diff-base: %s is not a git "
				 "repository: %s", repo_root, git_message());
		goto done;
	}
	if (git_revparse_single(&base, repo, base_ref) < 0) {
		rc = sg_error(SG_EINPUT,
			      "--diff-base: '%s' is not in this repository "
			      "(a shallow clone? fetch the base first, e.g. "
			      "actions/checkout with fetch-depth: 0)",
			      base_ref);
		goto done;
	}
	if (head_sha ? git_oid_fromstr(&head_oid, head_sha) < 0 ||
			       git_commit_lookup(&head_commit, repo,
						 &head_oid) < 0 ||
			       git_commit_tree(&head_tree, head_commit) < 0
		     : git_reference_name_to_id(&head_oid, repo, "HEAD") < 0) {
		rc = sg_error(SG_EINPUT, "--diff-base: %s has no commit: %s",
			      head_sha ? head_sha : "HEAD", git_message());
		goto done;
	}
	if (git_merge_base(&merge_oid, repo, &head_oid, git_object_id(base)) < 0) {
		rc = sg_error(SG_EINPUT,
			      "--diff-base: '%s' and HEAD have no merge base "
			      "(a shallow clone? fetch more history)",
			      base_ref);
		goto done;
	}
	if (git_commit_lookup(&merge_commit, repo, &merge_oid) < 0 ||
	    git_commit_tree(&tree, merge_commit) < 0) {
		rc = sg_error(SG_EINPUT, "--diff-base: cannot read the merge "
				 "base: %s", git_message());
		goto done;
	}
	if ((rc = collect_commits(d, repo, &head_oid, &merge_oid)) < 0)
		goto done;
	opts.context_lines = 0;
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
		     GIT_DIFF_SHOW_UNTRACKED_CONTENT;
	/* A pushed commit: its tree; otherwise the work tree and index. */
	if ((head_tree ? git_diff_tree_to_tree(&diff, repo, tree, head_tree,
					       &opts)
		       : git_diff_tree_to_workdir_with_index(&diff, repo, tree,
							     &opts)) < 0 ||
	    git_diff_find_similar(diff, NULL) < 0) {
		rc = sg_error(SG_EINPUT, "--diff-base: cannot diff: %s",
			      git_message());
		goto done;
	}
	if (git_diff_foreach(diff, on_file, NULL, on_hunk, NULL, d) < 0) {
		rc = sg_error(SG_ENOMEM, "out of memory");
		goto done;
	}
	if (d->count > 1)
		qsort(d->files, d->count, sizeof(*d->files), by_path);
done:
	git_diff_free(diff);
	git_tree_free(tree);
	git_tree_free(head_tree);
	git_commit_free(head_commit);
	git_commit_free(merge_commit);
	git_object_free(base);
	git_repository_free(repo);
	if (rc < 0) {
		sg_diff_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void sg_diff_free(struct sg_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++) {
		free(d->files[i].path);
		free(d->files[i].ranges);
	}
	free(d->files);
	free(d->commits);
	free(d);
}

static const struct changed_file *find(const struct sg_diff *d,
				       const char *path)
{
	struct changed_file key = {.path = (char *)path};

	if (!path || !d->count)
		return NULL;
	return bsearch(&key, d->files, d->count, sizeof(*d->files), by_path);
}

size_t sg_diff_file_count(const struct sg_diff *d)
{
	return d->count;
}

bool sg_diff_file_changed(const struct sg_diff *d, const char *path)
{
	return find(d, path) != NULL;
}

bool sg_diff_lines_touched(const struct sg_diff *d, const char *path,
			   uint32_t start, uint32_t end)
{
	const struct changed_file *f = find(d, path);

	if (!f)
		return false;
	if (f->whole)
		return true;
	if (end < start)
		end = start;
	for (size_t i = 0; i < f->n_ranges; i++)
		if (f->ranges[i].start <= end && start <= f->ranges[i].end)
			return true;
	return false;
}

/*
 * Manifests and lock files by ecosystem, as each ecosystem's tools name
 * them (docs/reliability.md lists them). A pattern without '/' matches
 * the file name, one with '/' the whole path; case is ignored. Generous
 * on purpose: a file taken for a manifest only lets more findings block.
 */
static const struct {
	const char *ecosystem;
	const char *patterns[24];
} manifests[] = {
	{"pypi", {"*requirements*.txt", "*requirements*.in", "*.in",
		  "requirements/*.txt", "*/requirements/*.txt",
		  "requirements/*.in", "*/requirements/*.in",
		  "*constraints*.txt", "*constraints*.in", "pyproject.toml",
		  "poetry.lock", "uv.lock", "pdm.lock", "pylock.toml",
		  "pylock.*.toml", "Pipfile", "Pipfile.lock", "setup.py",
		  "setup.cfg", "environment.yml", "environment.yaml", NULL}},
	{"npm", {"package.json", "package-lock.json", "npm-shrinkwrap.json",
		 "yarn.lock", "pnpm-lock.yaml", "pnpm-workspace.yaml",
		 "bun.lock", "bun.lockb", NULL}},
	{"maven", {"pom.xml", "*.pom", "*.gradle", "*.gradle.kts",
		   "gradle.lockfile", "*/dependency-locks/*.lockfile",
		   "*.versions.toml", "build.sbt", "ivy.xml", NULL}},
	{"go", {"go.mod", "go.sum", "go.work", "go.work.sum",
		"vendor/modules.txt", "*/vendor/modules.txt", NULL}},
	{"cargo", {"Cargo.toml", "Cargo.lock", NULL}},
	{"rubygems", {"Gemfile", "Gemfile.lock", "*.gemspec", "gems.rb",
		      "gems.locked", NULL}},
	{"nuget", {"*.csproj", "*.vbproj", "*.fsproj", "packages.lock.json",
		   "packages.config", "Directory.Packages.props",
		   "Directory.Build.props", "*.deps.json",
		   "paket.dependencies", "paket.lock", NULL}},
	{"packagist", {"composer.json", "composer.lock", NULL}},
};

/* Lower-case copy of s into out (cut at size). */
static void lower(char *out, size_t size, const char *s)
{
	size_t i = 0;

	for (; s[i] && i + 1 < size; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

static bool is_manifest_of(const char *path, const char *ecosystem)
{
	char *lpath = strdup(path), lpattern[64];
	const char *base;
	bool found = false;

	/* Names are matched without case: Requirements.txt is one too. */
	if (!lpath)
		return true; /* out of memory: rather touched than hidden */
	lower(lpath, strlen(path) + 1, path);
	base = strrchr(lpath, '/');
	base = base ? base + 1 : lpath;
	for (size_t i = 0; i < sizeof(manifests) / sizeof(*manifests); i++) {
		if (ecosystem && strcmp(manifests[i].ecosystem, ecosystem) != 0)
			continue;
		for (size_t j = 0; manifests[i].patterns[j]; j++) {
			const char *pattern = manifests[i].patterns[j];

			lower(lpattern, sizeof(lpattern), pattern);
			found |= fnmatch(lpattern, strchr(pattern, '/') ? lpath
								   : base,
					 0) == 0;
		}
	}
	free(lpath);
	return found;
}

static bool known_ecosystem(const char *ecosystem)
{
	for (size_t i = 0; ecosystem && i < sizeof(manifests) / sizeof(*manifests);
	     i++)
		if (strcmp(manifests[i].ecosystem, ecosystem) == 0)
			return true;
	return false;
}

static bool touched(const struct sg_diff *d, const struct sg_finding *f)
{
	const struct sg_location *l = &f->location;

	/*
	 * A history finding is about its commit: one of the change's
	 * commits touched it, even if a later one deleted the file.
	 */
	if (l->commit && sg_diff_commit_in_change(d, l->commit))
		return true;
	if (f->kind == SG_KIND_VULNERABILITY) {
		if (l->path && sg_diff_file_changed(d, l->path))
			return true;
		/*
		 * pip-audit names no manifest, and image scans name none we
		 * know: any manifest of the ecosystem will do, and with an
		 * ecosystem we cannot map, the finding counts as touched.
		 */
		if (!known_ecosystem(sg_finding_cold(f)->package.ecosystem))
			return true;
		for (size_t i = 0; i < d->count; i++)
			if (is_manifest_of(
				d->files[i].path,
				sg_finding_cold(f)->package.ecosystem))
				return true;
		return false;
	}
	if (!l->path)
		return true; /* nowhere to look: never hidden by the diff */
	if (sg_path_outside_repository(l->path))
		return true; /* not a file of the change: cannot be ruled out */
	if (!l->start_line)
		return sg_diff_file_changed(d, l->path);
	return sg_diff_lines_touched(d, l->path, l->start_line, l->end_line);
}

void sg_diff_mark(const struct sg_diff *d, struct sg_findings *set)
{
	for (size_t i = 0; i < set->count; i++) {
		struct sg_finding *f = &set->items[i];

		f->outside_diff = !touched(d, f);
		/* A merged finding: each copy at its own place. */
		if (sg_finding_cold(f)->n_copies)
			f->outside_diff = true;
		for (size_t j = 0; j < sg_finding_cold(f)->n_copies; j++) {
			sg_finding_cold(f)->copies[j].outside_diff =
			    !touched(d, &sg_finding_cold(f)->copies[j]);
			f->outside_diff &=
			    sg_finding_cold(f)->copies[j].outside_diff;
		}
	}
}
