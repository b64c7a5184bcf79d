package io.venice.events.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as docker reads it, enough to check what it promises: its instructions in order
 * (continuation lines joined, comments left out), grouped by build stage.
 */
public final class Dockerfile {

    /** One instruction: {@code keyword} in upper case, {@code arguments} as written (continuations joined). */
    public record Instruction(String keyword, String arguments) {
    }

    /** A build stage: from its {@code FROM} to the next. */
    public record Stage(String image, String name, List<Instruction> instructions) {

        public List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        /** The arguments of the last {@code keyword} of the stage (the one in force), or null. */
        public String last(String keyword) {
            List<String> all = all(keyword);
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }
    }

    private final List<Stage> stages;

    private Dockerfile(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    public static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue; // a comment, also between continuation lines, as docker reads it
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                String text = current.toString().strip().replaceAll("\\s+", " ");
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space < 0 ? text.length() : space).toUpperCase(Locale.ROOT),
                        space < 0 ? "" : text.substring(space + 1)));
                current.setLength(0);
            }
        }
        List<Stage> stages = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                String[] words = instruction.arguments().split(" ");
                String name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
                stages.add(new Stage(words[0], name, new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return new Dockerfile(stages);
    }

    public List<Stage> stages() {
        return stages;
    }

    /** The stage the image is made of. */
    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }
}
