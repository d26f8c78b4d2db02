package org.reaplab;

public class ReapLab { public static void main(String[] a) {} }
