package org.reaplab.scenario;

/**
 * An LSM policy that denies signals (security_task_kill): a kill from process {@code from} to
 * process {@code to} fails with {@code errno} (SELinux gives -EACCES, Landlock -EPERM).
 */
public record LsmRule(String from, String to, String errno) {}
